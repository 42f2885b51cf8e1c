namespace Metronome.Timing.Linux;

/// <summary>CLOCK_MONOTONIC through the vDSO: no syscall, no allocation.</summary>
internal sealed unsafe class MonotonicClock : IMonotonicClock
{
    public static MonotonicClock Instance { get; } = new();

    private MonotonicClock() { }

    public long NowNs()
    {
        Timespec ts;
        // CLOCK_MONOTONIC always exists on Linux and &ts is valid: the call cannot fail.
        _ = LibC.ClockGetTime(LibC.CLOCK_MONOTONIC, &ts);
        return ts.ToNs();
    }

    /// <summary>clock_getres for a clock id, in ns; null when the call fails.</summary>
    public static long? ResolutionNs(int clockId)
    {
        Timespec ts;
        return LibC.ClockGetRes(clockId, &ts) == 0 ? ts.ToNs() : null;
    }
}
