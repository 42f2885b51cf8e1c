using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// The raw material of the first-of-N oracle (bench/oracle.sh): one tick thread per CPU, each pinned
/// there with a source of its own on the same absolute deadlines, none handing anything to another, and
/// every wake-up of every thread kept: the first deadline it served, how many it served, how late it was.
/// Per tick, the earliest wake-up across the threads is the best any hand-over between them could do.
/// Storage is allocated before the first tick; the tick path only writes into it.
/// </summary>
internal sealed class WakeupRecording
{
    /// <summary>Set-up time between starting the threads and the first deadline.</summary>
    private const long LeadNs = 100_000_000;

    private readonly int[] _cpus;
    private readonly Wakeup[][] _wakeups;
    private readonly int[] _count;
    private readonly long[] _cpuNs;

    private WakeupRecording(int[] cpus, int capacity, TickSourceKind source, int rate)
    {
        _cpus = cpus;
        Source = source;
        Rate = rate;
        _wakeups = [.. cpus.Select(_ => new Wakeup[capacity])];
        _count = new int[cpus.Length];
        _cpuNs = new long[cpus.Length];
    }

    public TickSourceKind Source { get; }
    public int Rate { get; }
    public IReadOnlyList<int> Cpus => _cpus;

    /// <summary>What the threads could not get of the real-time request (priority, pinning).</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>The wake-ups thread <paramref name="thread"/> recorded, in order.</summary>
    public ReadOnlySpan<Wakeup> Wakeups(int thread) => _wakeups[thread].AsSpan(0, _count[thread]);

    /// <summary>How long the recording ran: the last deadline every thread reached.</summary>
    public TimeSpan Duration
    {
        get
        {
            long ticks = long.MaxValue;
            for (int t = 0; t < _cpus.Length; t++)
                ticks = Math.Min(ticks, _count[t] == 0 ? 0 : _wakeups[t][_count[t] - 1].Last);
            return TimeSpan.FromSeconds((double)ticks / Rate);
        }
    }

    /// <summary>CPU time thread <paramref name="thread"/> spent ticking.</summary>
    public long CpuNs(int thread) => _cpuNs[thread];

    /// <summary>
    /// Ticks <paramref name="kind"/> (a kind that keeps its own schedule) on every CPU of
    /// <paramref name="cpus"/> for <paramref name="duration"/> and returns every wake-up; throws
    /// <see cref="TickSourceException"/> when a source does not open or fails.
    /// </summary>
    public static WakeupRecording Run(TickSourceKind kind, TickSourceOptions options, IReadOnlyList<int> cpus, RealtimeRequest request, TimeSpan duration)
    {
        var sources = new List<ITickSource>();
        var threads = new List<TickThread>();
        try
        {
            foreach (int _ in cpus) sources.Add(TickSourceRegistry.Open(kind, options));
            if (!TickGroup.RedundantKinds.Contains(sources[0].Kind))
                throw new TickSourceException($"the {sources[0].Kind.Name()} source does not keep its own schedule: record one of {TickSourceKinds.List(TickGroup.RedundantKinds)}");
            int rate = sources[0].Rate;
            long ticks = (long)(duration.TotalSeconds * rate);
            var recording = new WakeupRecording([.. cpus], (int)Math.Min(int.MaxValue, ticks + rate), sources[0].Kind, rate);
            using var go = new ManualResetEventSlim(false);
            long origin = 0;
            string? error = null;
            var warnings = new List<string>();
            for (int i = 0; i < cpus.Count; i++)
            {
                int index = i;
                var thread = new TickThread($"metronome-rec{index}");
                threads.Add(thread);
                // Memory locking and the DMA-latency hold are process-wide: the first thread's set-up does them.
                var report = thread.Start(index == 0 ? request with { Cpu = cpus[0] } : request with { Cpu = cpus[index], LockMemory = false, HoldDmaLatency = false }, t =>
                {
                    t.MarkTicking();
                    go.Wait();
                    try
                    {
                        recording.Tick(index, sources[index], Volatile.Read(ref origin), ticks);
                    }
                    catch (TickSourceException e)
                    {
                        error ??= e.Message;
                    }
                });
                warnings.AddRange(report.Warnings.Select(w => $"thread on CPU {cpus[index]}: {w}"));
            }
            Volatile.Write(ref origin, MonotonicClock.Instance.NowNs() + LeadNs);
            go.Set();
            foreach (var thread in threads) thread.Join();
            if (error is not null) throw new TickSourceException(error);
            recording.Warnings = warnings;
            return recording;
        }
        finally
        {
            foreach (var thread in threads) thread.Dispose();
            foreach (var source in sources) source.Dispose();
        }
    }

    /// <summary>Thread <paramref name="index"/>'s loop: every wake-up until deadline <paramref name="ticks"/> has passed.</summary>
    private void Tick(int index, ITickSource source, long origin, long ticks)
    {
        var schedule = source.Start(origin);
        var clock = MonotonicClock.Instance;
        var wakeups = _wakeups[index];
        long cpu = ThreadCpu.Ns();
        long last = 0;
        int n = 0;
        while (last < ticks)
        {
            int served = source.WaitTick();
            long now = clock.NowNs();
            if (n < wakeups.Length) wakeups[n++] = new Wakeup(last + 1, served, now - schedule.DeadlineNs(last + 1));
            last += served;
        }
        _count[index] = n;
        _cpuNs[index] = ThreadCpu.Ns() - cpu;
    }

    /// <summary>
    /// The recording as text: a header of '#' lines (source, rate, CPUs, each thread's CPU time), then one
    /// line per wake-up: the thread's CPU, the first deadline it served (1-based), how many, and its
    /// lateness against that first deadline in nanoseconds.
    /// </summary>
    public void Write(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.Write(string.Format(c, "# metronome wake-ups: source {0}, rate {1}, cpus {2}\n", Source.Name(), Rate, CpuList.Format(_cpus)));
        for (int t = 0; t < _cpus.Length; t++)
            output.Write(string.Format(c, "# thread on cpu {0}: {1} wake-ups, {2} ns of cpu\n", _cpus[t], _count[t], _cpuNs[t]));
        output.Write("# cpu first elapsed late_ns\n");
        for (int t = 0; t < _cpus.Length; t++)
            foreach (var w in Wakeups(t))
                output.Write(string.Format(c, "{0} {1} {2} {3}\n", _cpus[t], w.First, w.Elapsed, w.LateNs));
    }
}
