using System.Runtime.CompilerServices;
using Metronome.Host;
using Metronome.Linux;
using Metronome.Sources;

namespace Metronome.Measuring;

/// <summary>
/// Runs a source on a dedicated thread with the requested real-time settings and measures it.
/// <see cref="Start"/> returns once the thread is set up and ticking; <see cref="Passes"/> can be read
/// while it runs; <see cref="RequestStop"/> ends it at the next tick; <see cref="Wait"/> gives the
/// result, which keeps everything measured even when the source failed mid-run.
/// </summary>
public sealed class TickRun : IDisposable
{
    private readonly ITickSource _source;
    private readonly TickRunOptions _options;
    private readonly IMonotonicClock _clock;
    private readonly StrongBox<bool> _stop = new(false);
    private readonly SemaphoreSlim _passCompleted = new(0);
    private readonly ManualResetEventSlim _ready = new(false);
    private Thread? _thread;
    private TickRecorder? _recorder;
    private RealtimeReport? _realtime;
    private RunResult? _result;

    public TickRun(ITickSource source, TickRunOptions options, IMonotonicClock? clock = null)
    {
        _source = source;
        _options = options;
        _clock = clock ?? MonotonicClock.Instance;
    }

    /// <summary>The live recorder (counters readable from another thread while the run goes on); null before it starts ticking.</summary>
    public TickRecorder? Recorder => Volatile.Read(ref _recorder);

    public PassLog Passes => (_recorder ?? throw new InvalidOperationException("The run has not started.")).Passes;

    /// <summary>Starts the tick thread; returns what real-time setup it got.</summary>
    public RealtimeReport Start()
    {
        if (_thread is not null) throw new InvalidOperationException("The run has already started.");
        _thread = new Thread(ThreadMain) { Name = "metronome-tick", IsBackground = true };
        _thread.Start();
        _ready.Wait();
        // From this thread, not the tick thread: a thread inherits its creator's scheduling and CPU.
        _options.Stalls?.StartSampling(TimeSpan.FromSeconds(1));
        return _realtime!;
    }

    public void RequestStop() => Volatile.Write(ref _stop.Value, true);

    /// <summary>Waits until a pass completes or the run ends; false on timeout.</summary>
    public bool WaitForPass(TimeSpan timeout) => _passCompleted.Wait(timeout);

    /// <summary>
    /// True once the result is there. Not the thread's liveness: the thread still undoes its real-time
    /// setup after signalling, and a reader waiting on the pass signal would otherwise sleep another
    /// round (250 ms in `metronome test`) before it noticed the run was over.
    /// </summary>
    public bool IsCompleted => Volatile.Read(ref _result) is not null;

    /// <summary>Waits for the run to end and returns what it measured.</summary>
    public RunResult Wait()
    {
        (_thread ?? throw new InvalidOperationException("The run has not started.")).Join();
        return _result!;
    }

    private void ThreadMain()
    {
        using var realtime = new RealtimeSetup();
        _realtime = realtime.Apply(_options.Realtime);
        // Everything slow happens before the source starts: a source that follows a device's clock (dahdi)
        // keeps only two blocks for its reader, so a gap between Start and the first tick loses data for
        // good. Hence the storage allocated here and the snapshot path run once (first-time costs) here.
        var histogram = new LatencyHistogram(_options.HistogramBuckets);
        var passes = new PassLog(_options.MaxPasses is { } m ? m + 1 : 4096, ring: _options.BoundedPasses && _options.MaxPasses is null);
        ResourceSnapshot.Before(_clock);
        _options.Stalls?.Attach();
        long origin = _clock.NowNs();
        TickRecorder? recorder = null;
        string? error = null;
        ResourceSnapshot? before = null;
        try
        {
            // Then the opening snapshot: what is counted is the tick loop and nothing else.
            origin = _source.Start(origin);
            recorder = new TickRecorder(new TickSchedule(origin, _options.Rate), histogram, passes) { Stalls = _options.Stalls };
            _recorder = recorder;
            long endNs = _options.Duration is { } d ? origin + (long)(d.TotalMilliseconds * 1_000_000) : long.MaxValue;
            _ready.Set();
            before = ResourceSnapshot.Before(_clock);
            TickEngine.Run(_source, _clock, recorder, endNs, _options.MaxPasses ?? int.MaxValue, _stop, _passCompleted);
        }
        catch (TickSourceException e)
        {
            error = e.Message;
        }
        finally
        {
            recorder ??= new TickRecorder(new TickSchedule(origin, _options.Rate), histogram, passes);
            _recorder ??= recorder;
            var after = ResourceSnapshot.After(_clock);
            Volatile.Write(ref _result, BuildResult(recorder, before ?? after, after, error));
            _ready.Set();
            _passCompleted.Release();
        }
    }

    private RunResult BuildResult(TickRecorder recorder, ResourceSnapshot before, ResourceSnapshot after, string? error)
    {
        // Measured from the schedule origin to the last wake-up, so idle set-up time does not count.
        long duration = recorder.Wakeups > 0 ? recorder.LastWakeNs - recorder.Schedule.OriginNs : 0;
        long wall = Math.Max(1, after.WallNs - before.WallNs);
        var passes = recorder.Passes.Snapshot();
        return new RunResult(
            _source.Name, _options.Rate, _realtime!, passes, DahdiSummary.From(passes),
            LatencyStats.From(recorder.Histogram), recorder.Histogram,
            recorder.Ticks, recorder.Wakeups, recorder.MissedTicks, duration,
            CpuPercent: 100.0 * (after.ProcessCpuNs - before.ProcessCpuNs) / wall,
            TickThreadCpuPercent: 100.0 * (after.ThreadCpuNs - before.ThreadCpuNs) / wall,
            StealPercent: CpuTimes.StealPercent(before.Host, after.Host),
            HostBusyPercent: CpuTimes.BusyPercent(before.Host, after.Host),
            GcCollections: after.GcCollections - before.GcCollections,
            AllocatedBytes: after.ThreadAllocated - before.ThreadAllocated,
            ProcessAllocatedBytes: after.ProcessAllocated - before.ProcessAllocated,
            Error: error);
    }

    public void Dispose()
    {
        RequestStop();
        _thread?.Join();
        _passCompleted.Dispose();
        _ready.Dispose();
    }
}
