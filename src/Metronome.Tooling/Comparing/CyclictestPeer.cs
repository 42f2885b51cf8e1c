using System.Diagnostics;
using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Tooling.Load;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Statistics;

namespace Metronome.Tooling.Comparing;

/// <summary>
/// cyclictest as a peer in the same run: `cyclictest -m [-p PRIO] -i INTERVAL -D SECONDSs -q -h 20000`,
/// its histogram file read back with the percentile rule Metronome uses. It does not count missed
/// periods and has no dahdi score, so those stay null.
/// </summary>
internal static unsafe class CyclictestPeer
{
    public static string? Find() => LoadProcess.FindOnPath("cyclictest");

    public static (LatencyHistogram Histogram, double CpuPercent, string? Error) Run(string path, int rate, int seconds, int? priority)
    {
        string histfile = Path.Combine(Path.GetTempPath(), $"metronome-cyclictest-{Environment.ProcessId}-{Guid.NewGuid():N}.hist");
        var info = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-m", "-q", "-h", "20000", $"--histfile={histfile}", "-i", (1_000_000 / rate).ToString(CultureInfo.InvariantCulture), "-D", $"{seconds}s" })
            info.ArgumentList.Add(a);
        if (priority is { } p)
        {
            info.ArgumentList.Add("-p");
            info.ArgumentList.Add(p.ToString(CultureInfo.InvariantCulture));
        }
        RUsage before, after;
        _ = LibC.GetRUsage(LibC.RUSAGE_CHILDREN, &before);
        long start = Environment.TickCount64;
        try
        {
            using var process = Process.Start(info)!;
            string stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = LibC.GetRUsage(LibC.RUSAGE_CHILDREN, &after);
            double wallNs = Math.Max(1, Environment.TickCount64 - start) * 1e6;
            if (process.ExitCode != 0 || !File.Exists(histfile))
                return (new LatencyHistogram(1), 0, $"cyclictest exited with {process.ExitCode}: {stderr.Trim().Split('\n')[0]}");
            return (ParseHistogram(File.ReadAllText(histfile)), 100.0 * (after.CpuNs - before.CpuNs) / wallNs, null);
        }
        finally
        {
            File.Delete(histfile);
        }
    }

    /// <summary>Reads cyclictest's -h output (old and new forms) into a histogram; overflows are placed at the maximum.</summary>
    public static LatencyHistogram ParseHistogram(string text)
    {
        var h = new LatencyHistogram();
        long max = 0, overflows = 0, cycle = 1;
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 2 && long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long us)
                && long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0)
            {
                h.Record(us * 1000, n, cycle);
                cycle += n;
            }
            else if (line.StartsWith("# Max Latencies:", StringComparison.Ordinal) && f.Length >= 4 && long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long m)) max = m;
            else if (line.StartsWith("# Histogram Overflows:", StringComparison.Ordinal) && f.Length >= 4 && long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long o)) overflows = o;
        }
        if (overflows > 0) h.Record(max * 1000, overflows, cycle);
        return h;
    }
}
