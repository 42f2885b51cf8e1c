using Metronome.Cli.Output;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Statistics;

namespace Metronome.Tests.Output;

/// <summary>Golden text in cyclictest's -h histogram format (rt-tests print_hist), one thread.</summary>
public class CyclictestHistogramWriterTests
{
    [Fact]
    public void Given_latencies_and_an_overflow_When_written_Then_it_is_cyclictests_histogram_file()
    {
        var h = new LatencyHistogram(buckets: 100);
        h.Record(1_500, 1);
        h.Record(1_900, 2);
        h.Record(14_000, 3);
        h.Record(250_000, 4); // past 100 µs: an overflow at cycle 4

        var text = new StringWriter();
        CyclictestHistogramWriter.Write(text, h);

        Assert.Equal(
            "# Histogram\n" +
            "000001 000002\n" +
            "000014 000001\n" +
            "# Min Latencies: 00001\n" +
            "# Avg Latencies: 00066\n" +
            "# Max Latencies: 00250\n" +
            "# Histogram Overflows: 00001\n" +
            "# Histogram Overflow at cycle number:\n" +
            "# Thread 0: 00004\n" +
            "\n",
            text.ToString());
    }

    [Fact]
    public void Given_more_overflows_than_kept_When_written_Then_the_rest_are_counted_as_others()
    {
        var h = new LatencyHistogram(buckets: 1);
        for (int i = 1; i <= LatencyHistogram.MaxOutliers + 3; i++) h.Record(5_000, i);

        var text = new StringWriter();
        CyclictestHistogramWriter.Write(text, h);

        Assert.EndsWith(" 00064 # 00003 others\n\n", text.ToString());
    }
}
