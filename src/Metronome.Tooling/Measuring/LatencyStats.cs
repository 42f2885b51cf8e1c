using Metronome.Timing.Statistics;
namespace Metronome.Tooling.Measuring;

/// <summary>The lateness figures of a run, in nanoseconds; percentiles are 1 µs bucket floors.</summary>
internal sealed record LatencyStats(
    long MinNs, long AvgNs, long MaxNs,
    long P50Ns, long P90Ns, long P99Ns, long P999Ns, long P9999Ns,
    long Overflows)
{
    public static LatencyStats From(LatencyHistogram h) => h.Count == 0
        ? new LatencyStats(0, 0, 0, 0, 0, 0, 0, 0, 0)
        : new LatencyStats(h.MinNs, h.AverageNs, h.MaxNs,
            h.PercentileNs(0.50), h.PercentileNs(0.90), h.PercentileNs(0.99), h.PercentileNs(0.999), h.PercentileNs(0.9999),
            h.Overflows);
}
