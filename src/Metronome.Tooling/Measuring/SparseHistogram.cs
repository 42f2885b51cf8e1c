using Metronome.Timing.Statistics;
namespace Metronome.Tooling.Measuring;

/// <summary>
/// A latency histogram as saved results carry it: only the 1 µs bins that have samples, as
/// [bin floor in µs, count] pairs in ascending order, plus the samples past the histogram's range.
/// A one-hour run at 1 kHz typically fills a few hundred bins, so this stays small.
/// </summary>
internal sealed record SparseHistogram(long BinNs, IReadOnlyList<long[]> Bins, long Overflows, long? MaxNs)
{
    public static SparseHistogram From(LatencyHistogram h)
    {
        var bins = new List<long[]>();
        var buckets = h.Buckets;
        for (int i = 0; i < buckets.Length; i++)
            if (buckets[i] != 0) bins.Add([i, buckets[i]]);
        return new SparseHistogram(1000, bins, h.Overflows, h.Count == 0 ? null : h.MaxNs);
    }
}
