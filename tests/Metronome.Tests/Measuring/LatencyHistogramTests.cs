using Metronome.Tooling.Measuring;
using Metronome.Tests.Fakes;
using Metronome.Timing.Statistics;

namespace Metronome.Tests.Measuring;

public class LatencyHistogramTests
{
    [Fact]
    public void Given_lateness_0_to_999_us_once_each_When_asked_for_percentiles_Then_they_are_exact()
    {
        // Wake-up n is (n - 1) µs late: a known uniform distribution recorded through the real recorder.
        var recorder = Scripted.Record((n, origin) => (origin + n * 1_000_000 + (n - 1) * 1000, 1), wakeups: 1000);
        var stats = LatencyStats.From(recorder.Histogram);

        Assert.Equal(0, stats.MinNs);
        Assert.Equal(999_000, stats.MaxNs);
        Assert.Equal(499_500, stats.AvgNs);
        Assert.Equal(499_000, stats.P50Ns);
        Assert.Equal(899_000, stats.P90Ns);
        Assert.Equal(989_000, stats.P99Ns);
        Assert.Equal(998_000, stats.P999Ns);
        Assert.Equal(999_000, stats.P9999Ns);
    }

    [Fact]
    public void Given_values_past_the_range_When_recorded_Then_they_count_as_overflows_with_their_cycles()
    {
        var h = new LatencyHistogram(buckets: 10);
        h.Record(5_000, cycle: 1);
        h.Record(10_000, cycle: 2);   // 10 µs: just past the last bucket (9)
        h.Record(2_000_000, cycle: 3);

        Assert.Equal(2, h.Overflows);
        Assert.Equal([2L, 3L], h.OutlierCycles.ToArray());
        Assert.Equal(2_000_000, h.PercentileNs(1.0));
        Assert.Equal(5_000, h.PercentileNs(0.3));
    }

    [Fact]
    public void Given_an_early_wake_up_When_recorded_Then_min_keeps_the_sign_and_the_bucket_is_zero()
    {
        var h = new LatencyHistogram(buckets: 10);
        h.Record(-3_000, cycle: 1);

        Assert.Equal(-3_000, h.MinNs);
        Assert.Equal(1, h.Buckets[0]);
    }

    [Fact]
    public void Given_no_samples_When_asked_Then_percentiles_are_zero() =>
        Assert.Equal(0, new LatencyHistogram(10).PercentileNs(0.99));
}
