namespace Metronome.Timing;

/// <summary>
/// What a <see cref="Ticker"/> has measured so far. Taken while the ticker runs, so the counts may be
/// a tick apart from each other; lateness percentiles are resolved to 1 µs (nearest rank, bucket floor).
/// </summary>
/// <param name="Ticks">Scheduled ticks that have passed.</param>
/// <param name="Wakeups">Times the ticker's thread woke up (Ticks − Wakeups ticks were missed by the timer).</param>
/// <param name="MissedByTimer">Ticks the thread woke too late for (a stall of the host, not of the consumer).</param>
/// <param name="NotConsumed">Ticks that came while the consumer was busy and were coalesced into a later one.</param>
public readonly record struct TickerStatistics(
    long Ticks,
    long Wakeups,
    long MissedByTimer,
    long NotConsumed,
    TimeSpan LatenessP50,
    TimeSpan LatenessP99,
    TimeSpan LatenessP999,
    TimeSpan LatenessMax);
