using System.Globalization;
using Metronome.Tooling.Measuring;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Measuring;

public class DahdiScoringTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void Given_a_source_exactly_one_tenth_percent_fast_When_scored_Then_every_pass_is_99_900()
    {
        // 1024 ticks of 0.999 ms = 8183.808 sample intervals for 8192 samples.
        var recorder = Scripted.Record(ScriptedSource.Periodic(999_000), wakeups: 1024 * 5);

        var passes = recorder.Passes.Snapshot();
        Assert.Equal(5, passes.Length);
        Assert.All(passes, p =>
        {
            Assert.Equal(8192, p.Samples);
            Assert.Equal(8183.808, p.Intervals, precision: 9);
            Assert.Equal(99.9, p.Score, precision: 9);
            Assert.Equal("99.900", p.Score.ToString("F3", CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void Given_a_perfect_source_When_scored_Then_every_pass_is_100_and_nothing_is_missed()
    {
        var recorder = Scripted.Record(ScriptedSource.Periodic(Ms), wakeups: 1024 * 3);

        Assert.All(recorder.Passes.Snapshot(), p => Assert.Equal(100.0, p.Score, precision: 12));
        Assert.Equal(0, recorder.MissedTicks);
        Assert.Equal(0, recorder.Histogram.MaxNs);
    }

    [Fact]
    public void Given_a_5ms_stall_that_is_never_caught_up_When_scored_Then_only_that_pass_loses_40_intervals()
    {
        // Wake-up 1500 (in pass 2) comes 5 ms late and every later tick keeps the delay, as a source
        // that does not count missed ticks would: pass 2 lasts 8192 + 40 intervals.
        ScriptedSource.Step stalled = (n, origin) => (origin + n * Ms + (n >= 1500 ? 5 * Ms : 0), 1);

        var passes = Scripted.Record(stalled, wakeups: 1024 * 3).Passes.Snapshot();

        Assert.Equal(3, passes.Length);
        Assert.Equal(100.0, passes[0].Score, precision: 12);
        Assert.Equal(8232.0, passes[1].Intervals, precision: 9);
        Assert.Equal((8192.0 - 40.0) / 8192.0 * 100.0, passes[1].Score, precision: 12);
        Assert.Equal("99.512", passes[1].Score.ToString("F3", CultureInfo.InvariantCulture));
        Assert.Equal(100.0, passes[2].Score, precision: 12);
    }

    [Fact]
    public void Given_a_5ms_stall_that_catches_up_When_recorded_Then_5_ticks_are_missed_and_the_lateness_is_5ms()
    {
        // Wake-up 1500 is 5 ms late and reports 6 elapsed ticks, then the schedule goes on: like
        // timerfd's expiration count or DAHDI's core timer catching up.
        ScriptedSource.Step caughtUp = (n, origin) =>
            n < 1500 ? (origin + n * Ms, 1)
            : n == 1500 ? (origin + 1505 * Ms, 6)
            : (origin + (n + 5) * Ms, 1);

        var recorder = Scripted.Record(caughtUp, wakeups: 3072 - 5);

        Assert.Equal(5, recorder.MissedTicks);
        Assert.Equal(3072, recorder.Ticks);
        Assert.Equal(5 * Ms, recorder.Histogram.MaxNs);
        // The samples still arrive, so the pass that held the stall keeps its length: dahdi_test cannot see it.
        Assert.All(recorder.Passes.Snapshot(), p => Assert.Equal(100.0, p.Score, precision: 12));
    }

    [Theory]
    [InlineData(8192, 8192, 100.0)]
    [InlineData(8192, 8183.808, 99.9)]
    [InlineData(8192, 8200.192, 99.9)]
    [InlineData(8192, 20000, 0.0)]   // clamped: more than twice as long scores 0, not negative
    [InlineData(8192, 0, 0.0)]
    public void Score_is_dahdi_tests_formula(double count, double intervals, double expected) =>
        Assert.Equal(expected, DahdiAccuracy.Score(count, intervals), precision: 9);

    [Fact]
    public void Given_no_passes_When_summarised_Then_it_is_dahdi_tests_zero_pass_summary()
    {
        var summary = DahdiSummary.From([]);

        Assert.Equal(new DahdiSummary(0, 0.0, 100.0, 100.0, 0.0), summary);
    }

    [Fact]
    public void Given_passes_When_summarised_Then_cumulative_is_scored_over_all_samples_and_intervals()
    {
        PassResult[] passes = [new(100.0, 8192, 8192), new(DahdiAccuracy.Score(8192, 8232), 8192, 8232)];

        var summary = DahdiSummary.From(passes);

        Assert.Equal(100.0, summary.Best, precision: 12);
        Assert.Equal(passes[1].Score, summary.Worst, precision: 12);
        Assert.Equal((100.0 + passes[1].Score) / 2, summary.Average, precision: 12);
        Assert.Equal(DahdiAccuracy.Score(16384, 16424), summary.Cumulative, precision: 12);
    }

    [Fact]
    public void Given_a_rate_of_8000_Hz_When_scored_Then_one_sample_per_tick_makes_a_pass_of_8192_ticks()
    {
        var recorder = Scripted.Record(ScriptedSource.Periodic(125_000), wakeups: 8192 * 2, rate: 8000);

        var passes = recorder.Passes.Snapshot();
        Assert.Equal(2, passes.Length);
        Assert.All(passes, p => Assert.Equal(100.0, p.Score, precision: 9));
    }
}
