using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// Runs a source on a dedicated thread with the requested real-time settings and measures it.
/// <see cref="Start"/> returns once the thread is set up and ticking; <see cref="Passes"/> can be read
/// while it runs; <see cref="RequestStop"/> ends it at the next tick; <see cref="Wait"/> gives the
/// result, which keeps everything measured even when the source failed mid-run.
/// </summary>
internal sealed class TickRun : IDisposable
{
    private readonly TickGroup _group;
    private readonly TickRunOptions _options;
    private readonly IMonotonicClock _clock;
    private readonly TickThread _thread = new();
    private readonly PassSignal _passCompleted = new();
    private readonly Lock _samplerGate = new();
    private StealTimeline? _steal;
    private StealSampler? _stealSampler;
    private bool _measured;
    private bool _started;
    private TickRecorder? _recorder;
    private RunResult? _result;

    public TickRun(ITickSource source, TickRunOptions options, IMonotonicClock? clock = null)
        : this(TickGroup.One(source, clock: clock), options, clock)
    {
    }

    /// <summary>A run of a group's tick threads (one per CPU of <c>--cpu LIST</c>); the caller keeps and disposes the group.</summary>
    public TickRun(TickGroup group, TickRunOptions options, IMonotonicClock? clock = null)
    {
        _group = group;
        _options = options;
        _clock = clock ?? MonotonicClock.Instance;
    }

    /// <summary>The live recorder (counters readable from another thread while the run goes on); null before it starts ticking.</summary>
    public TickRecorder? Recorder => Volatile.Read(ref _recorder);

    public PassLog Passes => (_recorder ?? throw new InvalidOperationException("The run has not started.")).Passes;

    /// <summary>Starts the tick thread; returns what real-time setup it got.</summary>
    public RealtimeReport Start()
    {
        if (_started) throw new InvalidOperationException("The run has already started.");
        _started = true;
        _group.StartStandbys(_options.Realtime);
        int? primaryCpu = _group.Cpus[0] ?? _options.Realtime.Cpu;
        var realtime = WithStandbys(_thread.Start(_options.Realtime with { Cpu = primaryCpu }, Measure));
        // The samplers start from this thread, not a tick thread: a thread inherits its creator's scheduling
        // and CPUs, and a sampler at the tick's SCHED_FIFO priority could not be preempted by the tick. This
        // thread and what it starts keep off the tick threads' CPUs where others remain.
        HelperThreads.KeepOff([primaryCpu, .. _group.Cpus.Skip(1)]);
        _options.Stalls?.StartSampling(TimeSpan.FromSeconds(1));
        lock (_samplerGate)
        {
            if (!_measured && Volatile.Read(ref _steal) is { } steal) _stealSampler = new StealSampler(steal);
        }
        return realtime;
    }

    /// <summary>Thread 0's real-time report with what the standby threads could not get.</summary>
    private RealtimeReport WithStandbys(RealtimeReport primary) =>
        _group.StandbyWarnings.Count == 0 ? primary : primary with { Warnings = [.. primary.Warnings, .. _group.StandbyWarnings] };

    public void RequestStop() => _thread.RequestStop();

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
        if (!_started) throw new InvalidOperationException("The run has not started.");
        _thread.Join();
        return _result!;
    }

    private void Measure(TickThread thread)
    {
        // Everything slow happens before the source starts: a source that follows a device's clock (dahdi)
        // keeps only two blocks for its reader, so a gap between Start and the first tick loses data for
        // good. Hence the storage allocated here and the snapshot path run once (first-time costs) here.
        var histogram = new LatencyHistogram();
        var passes = new PassLog(_options.MaxPasses is { } m ? m + 1 : 4096, ring: _options.BoundedPasses && _options.MaxPasses is null);
        TimeSpan? expected = _options.MaxPasses is { } mp && _options.Duration is null ? TimeSpan.FromSeconds(mp * 1.1 + 1) : _options.Duration;
        var timeline = new RunTimeline(expected);
        var steal = new StealTimeline(expected is { } span ? (int)Math.Min(StealTimeline.DefaultSlots, span.TotalSeconds + 4) : StealTimeline.DefaultSlots);
        Volatile.Write(ref _steal, steal); // its sampler is started by Start, once this thread ticks
        ResourceSnapshot.Before(_clock);
        _options.Stalls?.Attach();
        long origin = _clock.NowNs();
        TickRecorder? recorder = null;
        string? error = null;
        ResourceSnapshot? before = null;
        try
        {
            // Then the opening snapshot: what is counted is the tick loop and nothing else.
            var schedule = _group.Start(origin);
            origin = schedule.OriginNs;
            recorder = new TickRecorder(schedule, histogram, passes) { Timeline = timeline, Stalls = _options.Stalls };
            _recorder = recorder;
            long endNs = _options.Duration is { } d ? origin + (long)(d.TotalMilliseconds * 1_000_000) : long.MaxValue;
            var engine = new TickEngine(_clock, recorder, endNs, _options.MaxPasses ?? int.MaxValue, _passCompleted);
            thread.MarkTicking();
            before = ResourceSnapshot.Before(_clock);
            _group.Loop(thread, engine);
        }
        catch (TickSourceException e)
        {
            error = e.Message;
        }
        finally
        {
            error ??= _group.Error;
            lock (_samplerGate)
            {
                _measured = true;
                _stealSampler?.Dispose();
            }
            recorder ??= new TickRecorder(new TickSchedule(origin, _group.Rate), histogram, passes);
            _recorder ??= recorder;
            var after = ResourceSnapshot.After(_clock);
            Volatile.Write(ref _result, BuildResult(recorder, WithStandbys(thread.Realtime!), before ?? after, after, error) with
            {
                Timeline = timeline.Snapshot(),
                Steal = steal.Snapshot(),
                Stalls = StallRecord.All(_options.Stalls, recorder.Schedule),
                StallCount = _options.Stalls?.Count,
            });
            thread.MarkTicking();
            _passCompleted.Raise();
        }
    }

    private RunResult BuildResult(TickRecorder recorder, RealtimeReport realtime, ResourceSnapshot before, ResourceSnapshot after, string? error)
    {
        // Measured from the schedule origin to the last wake-up, so idle set-up time does not count.
        long duration = recorder.Wakeups > 0 ? recorder.LastWakeNs - recorder.Schedule.OriginNs : 0;
        var used = after - before;
        long wall = Math.Max(1, used.WallNs);
        var passes = recorder.Passes.Snapshot();
        // Thread 0's cost is in the snapshots; the standbys measured their own.
        long standbyCpu = 0, standbyAllocated = 0;
        for (int i = 1; i < _group.Threads; i++)
        {
            standbyCpu += _group.ThreadCpuNs(i);
            standbyAllocated += _group.ThreadAllocatedBytes(i);
        }
        return new RunResult(
            _group.Kind, recorder.Schedule.Rate, realtime, passes, DahdiSummary.From(passes),
            LatencyStats.From(recorder.Histogram), recorder.Histogram,
            recorder.Ticks, recorder.Wakeups, recorder.MissedTicks, duration,
            CpuPercent: 100.0 * used.ProcessCpuNs / wall,
            TickThreadCpuPercent: 100.0 * (used.ThreadCpuNs + standbyCpu) / wall,
            StealPercent: used.StealPercent,
            HostBusyPercent: used.HostBusyPercent,
            GcCollections: used.GcCollections,
            AllocatedBytes: used.ThreadAllocated + standbyAllocated,
            ProcessAllocatedBytes: used.ProcessAllocated,
            Error: error,
            Redundancy: RedundancyResult.From(_group, wall));
    }

    public void Dispose()
    {
        _thread.Dispose();
        _passCompleted.Dispose();
    }
}
