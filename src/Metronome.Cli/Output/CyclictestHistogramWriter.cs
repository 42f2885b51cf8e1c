using System.Globalization;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Statistics;

namespace Metronome.Cli.Output;

/// <summary>
/// A histogram file in cyclictest's `-h` format (one thread, non-empty buckets only as rt-tests ≥ 2.7
/// prints them), so plotting scripts written for cyclictest read ours.
/// </summary>
internal static class CyclictestHistogramWriter
{
    public static void Write(TextWriter output, LatencyHistogram h)
    {
        var c = CultureInfo.InvariantCulture;
        output.Write("# Histogram\n");
        var buckets = h.Buckets;
        for (int i = 0; i < buckets.Length; i++)
            if (buckets[i] != 0) output.Write(string.Format(c, "{0:D6} {1:D6}\n", i, buckets[i]));
        long min = h.Count == 0 ? 0 : Math.Max(0, h.MinNs) / 1000;
        long max = h.Count == 0 ? 0 : Math.Max(0, h.MaxNs) / 1000;
        long avg = Math.Max(0, h.AverageNs) / 1000;
        output.Write(string.Format(c, "# Min Latencies: {0:D5}\n", min));
        output.Write(string.Format(c, "# Avg Latencies: {0:D5}\n", avg));
        output.Write(string.Format(c, "# Max Latencies: {0:D5}\n", max));
        output.Write(string.Format(c, "# Histogram Overflows: {0:D5}\n", h.Overflows));
        output.Write("# Histogram Overflow at cycle number:\n");
        output.Write("# Thread 0:");
        foreach (long cycle in h.OutlierCycles) output.Write(string.Format(c, " {0:D5}", cycle));
        if (h.OutlierCycles.Length < h.Overflows)
            output.Write(string.Format(c, " # {0:D5} others", h.Overflows - h.OutlierCycles.Length));
        output.Write("\n\n");
    }
}
