using Metronome.Cli.Output;
using Metronome.Tooling.Comparing;
using Metronome.Tests.Support;
using Metronome.Timing.Linux;

namespace Metronome.Tests.Output;

public class ComparisonTableWriterTests
{
    [Fact]
    public void Given_a_comparison_When_written_Then_it_is_one_aligned_table_then_the_recommendation()
    {
        ComparisonRow[] rows =
        [
            new("hybrid", false, 3, 0, 0, 10_000, 4_610_000, 37, 99.9956, 99.811, 9.70, 0, null) { Rank = 1 },
            new("timerfd", false, 3, 20_000, 51_000, 125_000, 4_944_000, 72, 99.9992, 99.994, 1.38, 0, null) { Rank = 2 },
            new("cyclictest", true, 3, 14_000, 40_000, 102_000, 4_752_000, null, null, null, 1.37, null, null),
        ];
        var result = new ComparisonResult(1000, 30, 3, SchedulingPolicy.Fifo, "cpu=2", 99.5, 0.12, rows,
            "use timerfd (p99 51 us, 1.4% of a core); hybrid buys 51 us of p99 for 9.7% of a core", ["a note"]);

        var text = new StringWriter();
        ComparisonTableWriter.Write(text, result);

        Assert.Equal(
            "Compared at 1000 Hz, 3 rounds of 30 s per source (SCHED_FIFO), load cpu=2; host CPU busy 99.5%, steal 0.12%\n" +
            "\n" +
            "rank source       p50 us  p99 us  p99.9 us   max us  missed  dahdi avg dahdi worst  CPU %   bytes\n" +
            "1    hybrid            0       0        10     4610      37    99.9956      99.811   9.70       0\n" +
            "2    timerfd          20      51       125     4944      72    99.9992      99.994   1.38       0\n" +
            "peer cyclictest       14      40       102     4752     n/a        n/a         n/a   1.37     n/a\n" +
            "\n" +
            "Recommendation: use timerfd (p99 51 us, 1.4% of a core); hybrid buys 51 us of p99 for 9.7% of a core.\n" +
            "Note: a note.\n",
            text.ToString().Replace("\r", ""));
    }

    [Fact]
    public void Given_rows_on_all_cpus_When_written_Then_their_longer_names_widen_the_source_column_and_every_row_stays_aligned()
    {
        ComparisonRow[] rows =
        [
            new("nanosleep@all", false, 1, 18_000, 38_000, 51_000, 1_025_000, 0, 99.9971, 99.997, 2.61, 0, null) { Rank = 1 },
            new("nanosleep", false, 1, 19_000, 39_000, 48_000, 1_125_000, 0, 99.9970, 99.997, 1.62, 0, null) { Rank = 2 },
            new("timerfd@all", false, 1, 22_000, 50_000, 201_000, 1_492_000, 1, 99.9960, 99.996, 2.75, 0, null) { Rank = 3 },
            new("hybrid@all", false, 1, 0, 1, 5, 301_000, 0, 100.0, 100.0, 19.64, 0, null) { Rank = 4 },
            new("dotnet", false, 1, 3_586_000, 5_685_000, 11_725_000, 11_725_000, 1505, 99.9757, 99.976, 0.76, 200, null) { Rank = 5 },
            new("cyclictest", true, 1, 14_000, 39_000, 57_000, 127_000, null, null, null, 1.59, null, null),
        ];
        var result = new ComparisonResult(1000, 2, 1, SchedulingPolicy.Fifo, null, 1.6, 0.05, rows, "use nanosleep@all (p99 38 us, 2.6% of a core)", []);

        var text = new StringWriter();
        ComparisonTableWriter.Write(text, result);

        Golden.Check("Output/Golden/compare-on-all-cpus.txt", text.ToString().Replace("\r", ""));
    }
}
