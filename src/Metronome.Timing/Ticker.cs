using Metronome.Timing.Linux;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Timing;

/// <summary>
/// A precise periodic tick for media code: RTP pacing, mixing, playback. A dedicated thread sleeps on
/// an absolute-deadline Linux timer (not .NET's timers, which on Linux are quantised to the kernel
/// jiffy) and hands each tick to one consumer, either blocking (<see cref="WaitNext"/>) or
/// asynchronously (<c>await foreach (var tick in ticker)</c>).
/// </summary>
/// <remarks>
/// A consumer slower than the tick never builds a queue: ticks coalesce, and the next one it receives
/// says in <see cref="Tick.Missed"/> how many it did not. Neither the ticker's thread nor a consumer
/// allocates per tick. One consumer at a time: a second concurrent <see cref="WaitNext"/> or
/// enumeration throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class Ticker : IAsyncEnumerable<Tick>, IDisposable
{
    private readonly TickGroup _group;
    private readonly IMonotonicClock _clock;
    private readonly RealtimeRequest _realtime;
    private readonly LatencyHistogram _histogram = new();
    private readonly TickSlot _slot = new();
    private readonly ManualResetEventSlim _published = new(false, spinCount: 1);
    private readonly TickThread _thread = new();
    private readonly Sink _sink;
    private TickSchedule _schedule;
    private TickerAsyncEnumerator? _asyncConsumer;
    private IReadOnlyList<string> _warnings = [];
    private string? _failure;
    private volatile bool _stopping;
    private volatile bool _ended;
    private int _consuming;
    private long _lastDelivered;
    private long _lastDeliveredMissedByTimer;
    private long _notConsumed;
    private long _ticks;
    private long _wakeups;
    private long _missedByTimer;

    private Ticker(TickGroup group, IMonotonicClock clock, bool bestEffort, RealtimeRequest realtime)
    {
        _group = group;
        _clock = clock;
        _realtime = realtime;
        IsBestEffort = bestEffort;
        _sink = new Sink(this);
    }

    /// <summary>Ticks per second.</summary>
    public int RateHz => _group.Rate;

    /// <summary>The source the ticker sleeps on: timerfd, nanosleep, hybrid, or dotnet for the best-effort fallback.</summary>
    public string SourceName => _group.Kind.Name();

    /// <summary>True when no precise source opened and .NET's PeriodicTimer ticks instead (see <see cref="TickerOptions.AllowBestEffort"/>).</summary>
    public bool IsBestEffort { get; }

    /// <summary>What the thread asked for and did not get (a refused SCHED_FIFO priority, say), one line each.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Opens the source, starts the ticker's thread, and returns once it is ticking.</summary>
    /// <exception cref="TickerUnavailableException">No precise source opens here and the best-effort fallback was not allowed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate, priority or CPU out of range.</exception>
    public static Ticker Start(TickerOptions? options = null) =>
        Start(options ?? new TickerOptions(), OpenPrecise, OpenBestEffort,
            OperatingSystem.IsLinux() ? MonotonicClock.Instance : StopwatchClock.Instance);

    /// <summary>For testing: the sources come from the given openers (which throw <see cref="TickSourceException"/> when they cannot) and time from <paramref name="clock"/>.</summary>
    internal static Ticker Start(TickerOptions options, Func<TickerOptions, IMonotonicClock, TickGroup> openPrecise,
        Func<TickerOptions, IMonotonicClock, TickGroup> openBestEffort, IMonotonicClock clock)
    {
        Validate(options);
        TickGroup source;
        bool bestEffort = false;
        try
        {
            source = openPrecise(options, clock);
        }
        catch (TickSourceException e)
        {
            if (!options.AllowBestEffort) throw new TickerUnavailableException($"no precise tick source opens here: {e.Message}", e);
            source = openBestEffort(options, clock);
            bestEffort = true;
        }
        var realtime = RealtimeFor(options);
        var ticker = new Ticker(source, clock, bestEffort, realtime);
        // Standby threads first (they wait until the primary starts the schedule), then the primary.
        source.StartStandbys(realtime);
        var report = ticker._thread.Start(realtime with { Cpu = source.Cpus[0] ?? realtime.Cpu }, ticker.Run);
        ticker._warnings = [.. report.Warnings, .. source.StandbyWarnings];
        return ticker;
    }

    /// <summary>
    /// Blocks until the next tick the consumer has not had, and returns it; returns at once when ticks
    /// came while the consumer was busy (the latest, with <see cref="Tick.Missed"/> counting the rest).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ticker was disposed.</exception>
    /// <exception cref="TickerUnavailableException">The source failed while ticking (the message says why).</exception>
    public Tick WaitNext()
    {
        if (Interlocked.Exchange(ref _consuming, 1) == 1) throw new InvalidOperationException("The ticker already has a consumer.");
        try
        {
            while (true)
            {
                if (TryTakeNext(out var tick)) return tick;
                _published.Reset();
                if (TryTakeNext(out tick)) return tick;
                ThrowIfEnded();
                _published.Wait();
            }
        }
        finally
        {
            Volatile.Write(ref _consuming, 0);
        }
    }

    /// <summary>The ticks as an asynchronous stream; one enumeration at a time. Ends when the ticker is disposed.</summary>
    public IAsyncEnumerator<Tick> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _consuming, 1) == 1) throw new InvalidOperationException("The ticker already has a consumer.");
        var consumer = new TickerAsyncEnumerator(this, cancellationToken);
        Volatile.Write(ref _asyncConsumer, consumer);
        return consumer;
    }

    /// <summary>What the ticker has measured so far; safe to call from any thread while it runs.</summary>
    public TickerStatistics GetStatistics() => new(
        Volatile.Read(ref _ticks),
        Volatile.Read(ref _wakeups),
        Volatile.Read(ref _missedByTimer),
        Volatile.Read(ref _notConsumed),
        FromNs(_histogram.PercentileNs(0.50)),
        FromNs(_histogram.PercentileNs(0.99)),
        FromNs(_histogram.PercentileNs(0.999)),
        FromNs(Math.Max(0, _histogram.MaxNs)));

    /// <summary>
    /// Stops the ticker: a waiting consumer returns (blocking: <see cref="ObjectDisposedException"/>;
    /// asynchronous: the enumeration ends). The thread ends at its next wake-up; Dispose waits for
    /// that for at most two periods (50 ms at the most).
    /// </summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _thread.RequestStop();
        WakeConsumers();
        _thread.Join(TimeSpan.FromMilliseconds(Math.Min(50, 2000.0 / RateHz)));
    }

    /// <summary>Called by the consumer side: the latest tick if it is newer than the last one delivered.</summary>
    internal bool TryTakeNext(out Tick tick)
    {
        if (!TryPeekNew())
        {
            tick = default;
            return false;
        }
        _slot.Read(out long index, out long scheduled, out long wake, out long missedByTimer);
        long missed = index - _lastDelivered - 1;
        _notConsumed += missed - (missedByTimer - _lastDeliveredMissedByTimer);
        _lastDelivered = index;
        _lastDeliveredMissedByTimer = missedByTimer;
        tick = new Tick(index, scheduled, wake, missed);
        return true;
    }

    /// <summary>True once no tick will come again: disposed, or the source failed (<see cref="ThrowIfEnded"/> says which).</summary>
    internal bool Ended => _stopping || _ended;

    /// <summary>True when a tick newer than the last one delivered is there.</summary>
    internal bool TryPeekNew() => _slot.LatestIndex > _lastDelivered;

    internal void ThrowIfFailed()
    {
        if (_failure is { } failure) throw new TickerUnavailableException($"the tick source failed: {failure}");
    }

    private void ThrowIfEnded()
    {
        ThrowIfFailed();
        ObjectDisposedException.ThrowIf(Ended, this);
    }

    internal void ReleaseConsumer(TickerAsyncEnumerator consumer)
    {
        Interlocked.CompareExchange(ref _asyncConsumer, null, consumer);
        Volatile.Write(ref _consuming, 0);
    }

    /// <summary>The tick thread's body: start the source, then hand every wake-up to the sink until stopped.</summary>
    private void Run(TickThread thread)
    {
        try
        {
            _schedule = _group.Start(_clock.NowNs());
            thread.MarkTicking();
            _group.Loop(thread, _sink);
            if (_group.Error is { } error) throw new TickSourceException(error);
        }
        catch (TickSourceException e)
        {
            _failure = e.Message;
        }
        finally
        {
            _ended = true;
            _group.Dispose();
            WakeConsumers();
        }
    }

    /// <summary>On the tick thread, per wake-up: record, publish the latest tick, wake the consumer. Allocates nothing.</summary>
    private bool OnTicks(int elapsed)
    {
        long now = _clock.NowNs();
        // Only this thread writes the counts; the volatile writes let GetStatistics read them from any thread.
        long wakeups = _wakeups + 1, ticks = _ticks + elapsed, missed = _missedByTimer + elapsed - 1;
        // Statistics as cyclictest keeps them: lateness against the deadline the thread waited for.
        _histogram.Record(now - _schedule.DeadlineNs(_ticks + 1), wakeups);
        // The consumer gets the latest tick due, with the ones before it counted as missed.
        _slot.Publish(ticks, _schedule.DeadlineNs(ticks), now, missed);
        Volatile.Write(ref _ticks, ticks);
        Volatile.Write(ref _wakeups, wakeups);
        Volatile.Write(ref _missedByTimer, missed);
        WakeConsumers();
        return !_stopping;
    }

    private void WakeConsumers()
    {
        _published.Set();
        Volatile.Read(ref _asyncConsumer)?.Wake();
    }

    private static void Validate(TickerOptions options)
    {
        if (options.RateHz is < TickSourceOptions.MinRate or > TickSourceOptions.MaxRate)
            throw new ArgumentOutOfRangeException(nameof(options), options.RateHz, $"RateHz must be {TickSourceOptions.MinRate} to {TickSourceOptions.MaxRate}.");
        if (options.RealtimePriority is < 1 or > 99)
            throw new ArgumentOutOfRangeException(nameof(options), options.RealtimePriority, "RealtimePriority must be 1 to 99.");
        if (options.Cpus is { } cpus)
        {
            if (cpus.Any(c => c is < 0 or >= CpuList.MaxCpus)) throw new ArgumentOutOfRangeException(nameof(options), $"Cpus: CPU numbers are 0 to {CpuList.MaxCpus - 1}.");
            if (cpus.Distinct().Count() != cpus.Count) throw new ArgumentOutOfRangeException(nameof(options), "Cpus: each CPU once.");
        }
    }

    private static RealtimeRequest RealtimeFor(TickerOptions options)
    {
        int? cpu = options.Cpus is [var only] ? only : null;
        if (!OperatingSystem.IsLinux() || (options.RealtimePriority is null && cpu is null)) return RealtimeRequest.None;
        // Only what the thread itself asks for: locking the whole process's memory or holding
        // cpu_dma_latency is the application's decision, not a timer's.
        return new RealtimeRequest(options.RealtimePriority, cpu, LockMemory: false, HoldDmaLatency: false, MinimalTimerSlack: true);
    }

    /// <summary>One source, or one per CPU of a list of two or more (the first to wake delivers).</summary>
    private static TickGroup OpenPrecise(TickerOptions options, IMonotonicClock clock) =>
        TickGroup.Open(options.Source switch
        {
            TickerSource.TimerFd => TickSourceKind.TimerFd,
            TickerSource.Nanosleep => TickSourceKind.Nanosleep,
            TickerSource.Hybrid => TickSourceKind.Hybrid,
            _ => TickSourceKind.Auto,
        }, new TickSourceOptions(options.RateHz), options.Cpus, TickGroup.DefaultStandbyUs, clock);

    private static TickGroup OpenBestEffort(TickerOptions options, IMonotonicClock clock) =>
        TickGroup.One(new DotnetTimerSource(new TickSourceOptions(options.RateHz), clock), clock: clock);

    private static TimeSpan FromNs(long ns) => TimeSpan.FromTicks(ns / 100);

    /// <summary>Keeps <see cref="ITickSink"/> off the public type.</summary>
    private sealed class Sink(Ticker ticker) : ITickSink
    {
        public bool OnTicks(int elapsed) => ticker.OnTicks(elapsed);
    }
}
