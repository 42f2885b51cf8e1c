using System.Globalization;

namespace Metronome.Timing.Linux;

/// <summary>
/// The fields of /proc/PID/stat (proc(5)) that the process metrics and the doctor read. Times are in
/// USER_HZ ticks, <see cref="StartTicks"/> after boot.
/// </summary>
internal readonly record struct ProcessStat(long UserTicks, long SystemTicks, long Threads, long StartTicks, long VirtualBytes, long ResidentPages)
{
    /// <summary>The scheduling policy (field 41: 0 SCHED_OTHER, 1 SCHED_FIFO, 2 SCHED_RR, ...); null when the line stops before it.</summary>
    public int? Policy { get; init; }

    /// <summary>USER_HZ: the clock ticks /proc counts times in, 100 a second on every Linux architecture.</summary>
    public const double UserHz = 100;

    /// <summary>CPU time used, user and system, in seconds.</summary>
    public double CpuSeconds => (UserTicks + SystemTicks) / UserHz;

    /// <summary>Whether <see cref="Policy"/> is a real-time one: SCHED_FIFO or SCHED_RR.</summary>
    public bool IsRealtime => Policy is LibC.SCHED_FIFO or LibC.SCHED_RR;

    /// <summary>
    /// Parses one /proc/PID/stat line; null when it is not in that form. The command name (field 2) may
    /// hold spaces and parentheses, so fields are counted after its last ')'.
    /// </summary>
    public static ProcessStat? Parse(string text)
    {
        int close = text.LastIndexOf(')');
        if (close < 0 || close + 2 > text.Length) return null;
        // f[0] is field 3 (state): field N is f[N - 3].
        string[] f = text[(close + 2)..].TrimEnd('\n').Split(' ');
        if (f.Length < 24 - 2) return null;
        long? Field(int n) => long.TryParse(f[n - 3], NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : null;
        return Field(14) is { } user && Field(15) is { } system && Field(20) is { } threads && Field(22) is { } start
               && Field(23) is { } virtualBytes && Field(24) is { } resident
            ? new ProcessStat(user, system, threads, start, virtualBytes, resident) { Policy = f.Length > 41 - 3 && Field(41) is { } policy ? (int)policy : null }
            : null;
    }
}
