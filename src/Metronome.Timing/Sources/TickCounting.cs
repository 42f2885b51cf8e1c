namespace Metronome.Timing.Sources;

/// <summary>Shared by the sources that keep the schedule themselves instead of the kernel.</summary>
internal static class TickCounting
{
    /// <summary>
    /// Moves <paramref name="last"/> to the last deadline due at <paramref name="nowNs"/> and returns
    /// how many that was; at least 1, because a wake-up always serves the tick it waited for.
    /// </summary>
    public static int Advance(ref long last, in TickSchedule schedule, long nowNs)
    {
        long due = Math.Max(schedule.IndexAt(nowNs), last + 1);
        int elapsed = (int)Math.Min(due - last, int.MaxValue);
        last = due;
        return elapsed;
    }
}
