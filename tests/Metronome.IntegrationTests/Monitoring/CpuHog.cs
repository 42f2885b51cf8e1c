using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>
/// A SCHED_FIFO thread pinned to one CPU that spins in bursts (5 ms every 50 ms by default): a task of
/// higher priority than the tick thread holding its CPU, which is exactly a run-queue stall. Records
/// each burst's wall-clock window so stalls can be matched to the bursts that made them.
/// </summary>
internal sealed class CpuHog : IDisposable
{
    private readonly Thread _thread;
    private readonly List<(DateTimeOffset Start, DateTimeOffset End)> _bursts = [];
    private volatile bool _stop;

    public CpuHog(int cpu, int priority, TimeSpan burst, TimeSpan every, TimeSpan duration)
    {
        _thread = new Thread(() =>
        {
            using var realtime = new RealtimeSetup();
            var report = realtime.Apply(new RealtimeRequest(priority, cpu, LockMemory: false, HoldDmaLatency: false, MinimalTimerSlack: false));
            Warnings = report.Warnings;
            var until = DateTime.UtcNow + duration;
            while (!_stop && DateTime.UtcNow < until)
            {
                var start = DateTimeOffset.UtcNow;
                var spinUntil = start + burst;
                while (DateTimeOffset.UtcNow < spinUntil) { }
                var end = DateTimeOffset.UtcNow;
                lock (_bursts) _bursts.Add((start, end));
                Thread.Sleep(every - burst);
            }
        }) { Name = "cpu-hog", IsBackground = true };
    }

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Bursts
    {
        get { lock (_bursts) return [.. _bursts]; }
    }

    public CpuHog Start()
    {
        _thread.Start();
        return this;
    }

    public void Wait() => _thread.Join();

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
