using Metronome.Tooling.Comparing;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Statistics;

namespace Metronome.Tests.Comparing;

public class CyclictestPeerTests
{
    [Fact]
    public void Given_an_old_style_histogram_with_empty_buckets_and_overflows_When_parsed_Then_counts_and_percentiles_follow_our_rule()
    {
        var h = CyclictestPeer.ParseHistogram(
            "# /dev/cpu_dma_latency set to 0us\n# Histogram\n000000 000000\n000001 000090\n000002 000000\n000005 000008\n" +
            "# Total: 000000098\n# Min Latencies: 00001\n# Avg Latencies: 00001\n# Max Latencies: 04752\n# Histogram Overflows: 00002\n" +
            "# Histogram Overflow at cycle number:\n# Thread 0: 00010 00020\n");

        Assert.Equal(100, h.Count);
        Assert.Equal(1000, h.PercentileNs(0.90));
        Assert.Equal(5000, h.PercentileNs(0.98));
        Assert.Equal(4_752_000, h.PercentileNs(0.99));
        Assert.Equal(4_752_000, h.MaxNs);
    }

    [Fact]
    public void Given_two_rounds_When_pooled_Then_the_merged_histogram_holds_both()
    {
        var a = new LatencyHistogram(100);
        var b = new LatencyHistogram(100);
        a.Record(3_000, 1);
        b.Record(7_000, 1);
        b.Record(500_000, 2); // past b's 100 us range: an overflow

        var pooled = new LatencyHistogram();
        pooled.Add(a);
        pooled.Add(b);

        Assert.Equal(3, pooled.Count);
        Assert.Equal(3_000, pooled.MinNs);
        Assert.Equal(500_000, pooled.MaxNs);
        Assert.Equal(1, pooled.Overflows);
        Assert.Equal(7_000, pooled.PercentileNs(0.66));
    }
}
