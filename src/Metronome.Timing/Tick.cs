namespace Metronome.Timing;

/// <summary>
/// One tick as the consumer receives it. Times are CLOCK_MONOTONIC nanoseconds (the clock of
/// <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> on Linux).
/// </summary>
/// <param name="Index">The tick's number in the schedule: tick k is due at origin + k × period (k ≥ 1).</param>
/// <param name="ScheduledNs">When the tick was due.</param>
/// <param name="WakeNs">When the ticker's thread woke up for it.</param>
/// <param name="Missed">
/// Ticks that passed since the tick delivered before this one and were not delivered: those the timer
/// woke too late for, and those that came while the consumer was busy (ticks coalesce, they never queue).
/// Index − Missed − 1 is the index of the previous tick this consumer received.
/// </param>
public readonly record struct Tick(long Index, long ScheduledNs, long WakeNs, long Missed)
{
    /// <summary>How late the ticker's thread woke for this tick (WakeNs − ScheduledNs).</summary>
    public long LatenessNs => WakeNs - ScheduledNs;

    /// <summary><see cref="LatenessNs"/> as a <see cref="TimeSpan"/> (100 ns resolution).</summary>
    public TimeSpan Lateness => TimeSpan.FromTicks(LatenessNs / 100);
}
