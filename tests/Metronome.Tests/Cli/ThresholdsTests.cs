using Metronome.Cli.Commands;
using Metronome.Tooling.Comparing;
using Metronome.Timing.Linux;

namespace Metronome.Tests.Cli;

/// <summary>--fail-below, --max-late-us, --max-missed: one line per limit broken, none when all hold.</summary>
public class ThresholdsTests
{
    [Fact]
    public void Given_no_limit_When_checked_Then_nothing_is_broken()
    {
        Assert.Empty(new Thresholds(null, null, null).Broken(12.5, 9_000_000_000, 1_000_000));
    }

    [Fact]
    public void Given_a_run_inside_every_limit_When_checked_Then_nothing_is_broken()
    {
        // At the limits themselves: 99.95 is not below 99.95; 1000 us is not above 1000.
        Assert.Empty(new Thresholds(99.95, 1000, 4).Broken(99.95, 1_000_999, 4));
    }

    [Fact]
    public void Given_a_run_that_breaks_every_limit_When_checked_Then_one_line_each_in_a_fixed_order()
    {
        var broken = new Thresholds(99.95, 1000, 0).Broken(99.912, 4_701_000, 4).ToArray();

        Assert.Equal(
            [
                "dahdi average 99.9120% is below --fail-below 99.95",
                "worst lateness 4701 us is above --max-late-us 1000",
                "4 missed ticks is above --max-missed 0",
            ], broken);
    }

    [Fact]
    public void Given_a_run_with_no_pass_and_no_missed_count_When_checked_Then_those_limits_are_not_met()
    {
        var broken = new Thresholds(50, null, 10).Broken(null, 0, null).ToArray();

        Assert.Equal(
            [
                "no dahdi pass completed, so --fail-below 50 is not met",
                "missed ticks were not counted, so --max-missed 10 is not met",
            ], broken);
    }

    private static ComparisonRow Row(string name, long p99Us, double cpu, long maxUs, long missed, double average) =>
        new(name, false, 1, 10_000, p99Us * 1000, p99Us * 1000, maxUs * 1000, missed, average, average, cpu, 0, null);

    [Fact]
    public void Given_a_comparison_When_checked_Then_the_limits_apply_to_the_recommended_source_only()
    {
        // hybrid ranks first but costs 9.6% of a core: nanosleep is recommended, and its figures count.
        var ranked = ComparisonRanking.Rank([Row("hybrid", 1, 9.6, 100, 0, 100), Row("nanosleep", 39, 1.6, 1025, 2, 99.99), Row("timerfd", 53, 1.7, 50, 0, 100)]);
        var result = new ComparisonResult(1000, 2, 1, SchedulingPolicy.Fifo, null, null, null, ranked, ComparisonRanking.Recommend(ranked), []);

        Assert.Equal(["nanosleep: worst lateness 1025 us is above --max-late-us 1000"], CompareCommand.Broken(result, new Thresholds(null, 1000, null)));
        Assert.Equal(["nanosleep: 2 missed ticks is above --max-missed 1"], CompareCommand.Broken(result, new Thresholds(99.9, null, 1)));
        Assert.Empty(CompareCommand.Broken(result, new Thresholds(99.9, 2000, 2)));
    }
}
