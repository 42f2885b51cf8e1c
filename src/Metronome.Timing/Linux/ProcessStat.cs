using System.Globalization;

namespace Metronome.Timing.Linux;

/// <summary>
/// The fields of /proc/PID/stat (proc(5)) that the process metrics read. Times are in USER_HZ ticks,
/// <see cref="StartTicks"/> after boot.
/// </summary>
internal readonly record struct ProcessStat(long UserTicks, long SystemTicks, long Threads, long StartTicks, long VirtualBytes, long ResidentPages)
{
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
            ? new ProcessStat(user, system, threads, start, virtualBytes, resident)
            : null;
    }
}
