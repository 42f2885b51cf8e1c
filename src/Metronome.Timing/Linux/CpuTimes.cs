namespace Metronome.Timing.Linux;

/// <summary>
/// The aggregate "cpu" line of /proc/stat, in USER_HZ ticks. Steal is the time the hypervisor ran
/// something else while this guest wanted a CPU: it explains latency spikes no guest setting can fix.
/// </summary>
internal readonly record struct CpuTimes(long User, long Nice, long System, long Idle, long IoWait, long Irq, long SoftIrq, long Steal)
{
    // guest and guest_nice are already counted in user and nice, so they stay out of the total.
    public long Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>
    /// Reads /proc/stat's aggregate line; null when it is missing or not in the expected form. Allocates
    /// nothing: a long-running monitor samples it every second, and garbage there would grow a process
    /// that never collects (mlockall keeps every fresh page resident).
    /// </summary>
    public static CpuTimes? Read() => Read(ProcStat.Path);

    /// <summary><see cref="Read()"/> of another file, for testing.</summary>
    internal static CpuTimes? Read(ReadOnlySpan<byte> nulTerminatedPath)
    {
        // The aggregate line comes first and is well under 256 bytes; a partial read of /proc/stat is fine.
        Span<byte> buffer = stackalloc byte[256];
        int length = LibC.ReadFileInto(nulTerminatedPath, buffer);
        return length <= 0 ? null : ProcStat.Aggregate(buffer[..length]);
    }

    /// <summary>
    /// Host CPU busy (not idle, not waiting for I/O) as a percentage of all CPU time between two readings;
    /// null when either reading is missing or no time passed.
    /// </summary>
    public static double? BusyPercent(CpuTimes? before, CpuTimes? after)
    {
        if (before is not { } b || after is not { } a) return null;
        long total = a.Total - b.Total;
        long idle = a.Idle + a.IoWait - b.Idle - b.IoWait;
        return total > 0 ? 100.0 * (total - idle) / total : null;
    }

    /// <summary>Steal as a percentage of all CPU time between two readings; null when either is missing or no time passed.</summary>
    public static double? StealPercent(CpuTimes? before, CpuTimes? after)
    {
        if (before is not { } b || after is not { } a) return null;
        long total = a.Total - b.Total;
        return total > 0 ? 100.0 * (a.Steal - b.Steal) / total : null;
    }
}
