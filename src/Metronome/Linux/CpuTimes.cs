using System.Globalization;

namespace Metronome.Linux;

/// <summary>
/// The aggregate "cpu" line of /proc/stat, in USER_HZ ticks. Steal is the time the hypervisor ran
/// something else while this guest wanted a CPU: it explains latency spikes no guest setting can fix.
/// </summary>
internal readonly record struct CpuTimes(long User, long Nice, long System, long Idle, long IoWait, long Irq, long SoftIrq, long Steal)
{
    // guest and guest_nice are already counted in user and nice, so they stay out of the total.
    public long Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>Reads /proc/stat; null when it is missing or not in the expected form.</summary>
    public static CpuTimes? Read()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            return Parse(reader.ReadLine());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static CpuTimes? Parse(string? line)
    {
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return null;
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 9) return null;
        var v = new long[8];
        for (int i = 0; i < 8; i++)
            if (!long.TryParse(f[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out v[i])) return null;
        return new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
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
