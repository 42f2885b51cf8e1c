using System.Globalization;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// Turns the serving process's running totals (requests answered, the request threads' CPU) into one
/// <see cref="DahdiLoadReport"/> per window: each sample reports the window since the one before.
/// </summary>
internal sealed class DahdiLoadSampler(int pid, int requestThreads, int cpus, IMonotonicClock clock)
{
    /// <summary>How often the serving process writes its report.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private (long AtNs, long Requests, double CpuSeconds)? _last;

    /// <summary>The window since the previous sample; null for the first, which only starts one.</summary>
    public DahdiLoadReport? Sample(long requests, double cpuSeconds)
    {
        long now = clock.NowNs();
        var last = _last;
        _last = (now, requests, cpuSeconds);
        if (last is not { } before || now <= before.AtNs) return null;
        return new DahdiLoadReport(pid, requestThreads, cpus, (now - before.AtNs) / 1e9, requests - before.Requests,
            Math.Max(0, cpuSeconds - before.CpuSeconds));
    }

    /// <summary>
    /// CPU seconds the threads <paramref name="threadIds"/> of this process have used (user and system);
    /// a thread not started (0) or gone counts nothing.
    /// </summary>
    public static double ThreadCpuSeconds(IEnumerable<int> threadIds, string proc = "/proc")
    {
        double seconds = 0;
        foreach (int tid in threadIds)
        {
            if (tid <= 0) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(proc, "self", "task", tid.ToString(CultureInfo.InvariantCulture), "stat"));
                seconds += ProcessStat.Parse(stat)?.CpuSeconds ?? 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended: its time is no longer the server's to report.
            }
        }
        return seconds;
    }
}
