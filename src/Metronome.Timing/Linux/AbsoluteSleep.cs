namespace Metronome.Timing.Linux;

/// <summary>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME): sleeps to a deadline, not for a duration.</summary>
internal static unsafe class AbsoluteSleep
{
    /// <summary>
    /// Returns at or after <paramref name="deadlineNs"/> with 0, or at once with the error number; a signal
    /// does not cut the sleep short.
    /// </summary>
    public static int Until(long deadlineNs)
    {
        var deadline = Timespec.FromNs(deadlineNs);
        int error;
        while ((error = LibC.ClockNanosleep(LibC.CLOCK_MONOTONIC, LibC.TIMER_ABSTIME, &deadline, null)) == LibC.EINTR) { }
        return error;
    }

    /// <summary>
    /// Binds clock_nanosleep by sleeping to a time long past, which returns at once: a P/Invoke binds on
    /// its first call, which takes time and allocates, and neither belongs to the first tick.
    /// </summary>
    public static void Bind() => _ = Until(0);
}
