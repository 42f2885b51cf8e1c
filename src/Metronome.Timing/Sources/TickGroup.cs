using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// The tick threads of a run and the sources they wait on: one source and one thread for a single CPU
/// (or none named), and for <c>--cpu LIST</c> with two or more CPUs the redundant form: one instance of
/// the source per CPU, each on its own thread pinned there, all on the same absolute deadlines. Thread 0
/// (the first CPU listed) is the primary and sleeps to each deadline; the others are standbys and sleep
/// to the deadline plus <see cref="StandbyDelayNs"/> (0: all race). Whichever wakes first claims the tick
/// (<see cref="TickClaim"/>) and hands it to the sink; a stalled vCPU then no longer stalls the tick. The
/// caller runs thread 0 on its own <see cref="TickThread"/> and calls <see cref="Loop"/> there instead of
/// <see cref="TickThread.Loop"/>; <see cref="StartStandbys"/>, before the sources start, sets up the others.
/// </summary>
internal sealed class TickGroup : IDisposable
{
    /// <summary>The standby's default delay behind the primary, from bench/results/redundant.md.</summary>
    public const int DefaultStandbyUs = 50;

    /// <summary>The sources whose schedule the tick thread keeps, and so can run one instance per CPU.</summary>
    public static readonly IReadOnlyList<TickSourceKind> RedundantKinds = [TickSourceKind.TimerFd, TickSourceKind.Nanosleep, TickSourceKind.Hybrid];

    private readonly ITickSource[] _sources;
    private readonly int?[] _cpus;
    private readonly IMonotonicClock _clock;
    private readonly long[] _reached;
    private readonly long[] _cpuNs;
    private readonly long[] _allocated;
    private readonly List<TickThread> _standbys = [];
    private readonly List<string> _warnings = [];
    private readonly ManualResetEventSlim _go = new(false);
    private TickClaim _claim;
    private volatile ITickSink? _sink;
    private volatile TickThread? _primary;
    private volatile string? _error;

    private TickGroup(ITickSource[] sources, int?[] cpus, long standbyDelayNs, IMonotonicClock clock)
    {
        _sources = sources;
        _cpus = cpus;
        _clock = clock;
        StandbyDelayNs = standbyDelayNs;
        _reached = new long[sources.Length];
        _cpuNs = new long[sources.Length];
        _allocated = new long[sources.Length];
        _claim = new TickClaim(sources.Length);
    }

    /// <summary>One source on one thread: the tick as it always was.</summary>
    public static TickGroup One(ITickSource source, int? cpu = null, IMonotonicClock? clock = null) =>
        new([source], [cpu], 0, clock ?? MonotonicClock.Instance);

    /// <summary>Already-open sources, one per thread (tests, and sources opened elsewhere); the group disposes them.</summary>
    public static TickGroup Of(IReadOnlyList<ITickSource> sources, IReadOnlyList<int?> cpus, long standbyDelayNs, IMonotonicClock? clock = null)
    {
        if (sources.Count != cpus.Count || sources.Count == 0) throw new ArgumentException("one CPU (or null) per source");
        return new TickGroup([.. sources], [.. cpus], standbyDelayNs, clock ?? MonotonicClock.Instance);
    }

    /// <summary>
    /// Opens <paramref name="kind"/> once per CPU of <paramref name="cpus"/> (auto: the kind auto picks);
    /// fewer than two CPUs give <see cref="One"/>. Throws <see cref="TickSourceException"/> for a kind
    /// that cannot run redundantly or that does not open.
    /// </summary>
    public static TickGroup Open(TickSourceKind kind, TickSourceOptions options, IReadOnlyList<int>? cpus, int standbyUs, IMonotonicClock? clock = null)
    {
        clock ??= MonotonicClock.Instance;
        var first = TickSourceRegistry.Open(kind, options, clock);
        if (cpus is null || cpus.Count < 2) return One(first, cpus is { Count: 1 } ? cpus[0] : null, clock);
        var sources = new List<ITickSource> { first };
        try
        {
            if (!RedundantKinds.Contains(first.Kind))
                throw new TickSourceException(
                    $"the {first.Kind.Name()} source cannot tick from several CPUs (--cpu {CpuList.Format(cpus)}): use one of {TickSourceKinds.List(RedundantKinds)}, or one CPU");
            while (sources.Count < cpus.Count) sources.Add(TickSourceRegistry.Open(first.Kind, options, clock));
        }
        catch
        {
            foreach (var s in sources) s.Dispose();
            throw;
        }
        return new TickGroup([.. sources], [.. cpus.Select(c => (int?)c)], standbyUs * 1000L, clock);
    }

    /// <summary>Thread 0's source, the primary.</summary>
    public ITickSource Primary => _sources[0];

    public TickSourceKind Kind => _sources[0].Kind;
    public int Rate => _sources[0].Rate;
    public int Threads => _sources.Length;
    public bool IsRedundant => _sources.Length > 1;
    public IReadOnlyList<int?> Cpus => _cpus;

    /// <summary>How much later than the primary each standby sleeps.</summary>
    public long StandbyDelayNs { get; }

    /// <summary>Who delivered what (read once the threads have stopped).</summary>
    public TickClaim Claim => _claim;

    /// <summary>CPU time thread <paramref name="thread"/> spent in <see cref="Run"/>.</summary>
    public long ThreadCpuNs(int thread) => _cpuNs[thread];

    /// <summary>Bytes thread <paramref name="thread"/> allocated in <see cref="Run"/>: the tick path's own cost.</summary>
    public long ThreadAllocatedBytes(int thread) => _allocated[thread];

    /// <summary>What the standby threads could not get (priority, pinning).</summary>
    public IReadOnlyList<string> StandbyWarnings => _warnings;

    /// <summary>Why a standby thread stopped on a source failure, or null.</summary>
    public string? Error => _error;

    /// <summary>
    /// Starts threads 1.. (<see cref="TickThread"/>s) with the request's priority and timer slack, each
    /// pinned to its CPU (memory locking and the DMA-latency hold are process-wide: thread 0's set-up does
    /// them), and returns once they are set up; they tick once thread 0 enters <see cref="Loop"/>.
    /// </summary>
    public void StartStandbys(RealtimeRequest request)
    {
        for (int i = 1; i < _sources.Length; i++)
        {
            int index = i;
            var thread = new TickThread($"metronome-tick{index}");
            _standbys.Add(thread);
            var report = thread.Start(request with { Cpu = _cpus[index], LockMemory = false, HoldDmaLatency = false }, t =>
            {
                t.MarkTicking();
                _go.Wait();
                try
                {
                    if (_sink is { } sink) Run(index, t, sink);
                }
                catch (TickSourceException e)
                {
                    _error ??= e.Message;
                    _claim.Stop();
                }
            });
            _warnings.AddRange(report.Warnings.Select(w => $"tick thread on CPU {_cpus[index]}: {w}"));
        }
    }

    /// <summary>Starts every source on the same schedule (the standbys' shifted by their delay) and returns it.</summary>
    public TickSchedule Start(long originNs)
    {
        var schedule = _sources[0].Start(originNs);
        for (int i = 1; i < _sources.Length; i++) _sources[i].Start(schedule.OriginNs + StandbyDelayNs);
        _claim = new TickClaim(_sources.Length);
        Array.Clear(_reached);
        return schedule;
    }

    /// <summary>
    /// Thread 0's loop, on <paramref name="primary"/> (in place of <see cref="TickThread.Loop"/>): lets the
    /// standbys tick too, hands every tick to <paramref name="sink"/> from whichever thread claimed it, and
    /// returns when the sink or <paramref name="primary"/>'s stop ends the run, with the standbys stopped.
    /// </summary>
    public void Loop(TickThread primary, ITickSink sink)
    {
        _primary = primary;
        _sink = sink;
        _go.Set();
        try
        {
            Run(0, primary, sink);
        }
        finally
        {
            _claim.Stop();
            foreach (var t in _standbys) t.RequestStop();
            // Each stops at its next wake-up, within a period (a stalled vCPU: when it runs again).
            foreach (var t in _standbys) t.Join(TimeSpan.FromSeconds(2));
        }
    }

    private bool Stopped(TickThread thread) => _claim.IsStopped || thread.StopRequested || _primary is { StopRequested: true };

    private void Run(int index, TickThread thread, ITickSink sink)
    {
        long cpu = ThreadCpu.Ns();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            while (!Stopped(thread) && Step(index, sink, thread)) { }
        }
        finally
        {
            _allocated[index] += GC.GetAllocatedBytesForCurrentThread() - allocated;
            _cpuNs[index] += ThreadCpu.Ns() - cpu;
        }
    }

    /// <summary>
    /// One wake-up of thread <paramref name="index"/>: waits on its source, claims what is still
    /// unclaimed, and delivers it (or leaves it to the thread delivering right now); false when the run
    /// is over (the sink said so, or a stop).
    /// </summary>
    public bool Step(int index, ITickSink sink, TickThread? thread = null)
    {
        int elapsed = _sources[index].WaitTick();
        long reached = _reached[index] += elapsed;
        if (!_claim.TryClaim(index, reached)) return true;
        // A claim made as the run ends (another thread delivered the last tick meanwhile) is not delivered.
        if (thread is not null && Stopped(thread)) return false;
        return _claim.Deliver(sink);
    }

    public void Dispose()
    {
        _claim.Stop();
        _go.Set();
        foreach (var t in _standbys)
        {
            t.RequestStop();
            t.Join(TimeSpan.FromSeconds(2));
        }
        foreach (var s in _sources) s.Dispose();
        if (_standbys.Any(t => t.IsAlive)) return; // one still stuck in a system call: leave the rest to the GC
        foreach (var t in _standbys) t.Dispose();
        _go.Dispose();
    }
}
