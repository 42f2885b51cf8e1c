using Metronome.Tooling.Comparing;

namespace Metronome.Tests.Comparing;

public class ComparisonRankingTests
{
    private static ComparisonRow Row(string name, long p99Us, double cpu, long p999Us = 100, bool peer = false, string? error = null) =>
        new(name, peer, 1, 10_000, p99Us * 1000, p999Us * 1000, 2_000_000, peer ? null : 0, peer ? null : 99.99, peer ? null : 99.98, cpu, peer ? null : 0, error)
        {
            Kind = !peer && ComparedSource.TryParse(name, out var source) ? source.Kind : null,
        };

    [Fact]
    public void Given_rows_When_ranked_Then_p99_orders_them_and_peers_and_failures_come_last_unranked()
    {
        var ranked = ComparisonRanking.Rank([
            Row("timerfd", 51, 1.4), Row("cyclictest", 40, 1.3, peer: true), Row("hybrid", 0, 9.7),
            Row("nanosleep", 38, 1.3), Row("dotnet", 4106, 4.6), Row("broken", 1, 0, error: "no such device")]);

        Assert.Equal(["hybrid", "nanosleep", "timerfd", "dotnet", "cyclictest", "broken"], ranked.Select(r => r.Name));
        Assert.Equal([1, 2, 3, 4, null, null], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Given_equal_p99_When_ranked_Then_p999_decides_and_then_cpu() =>
        Assert.Equal(["b", "a", "c"],
            ComparisonRanking.Rank([Row("a", 40, 1.0, p999Us: 200), Row("b", 40, 3.0, p999Us: 100), Row("c", 40, 2.0, p999Us: 200)]).Select(r => r.Name));

    [Fact]
    public void Given_a_dear_source_on_top_When_recommending_Then_it_names_the_cheap_one_and_what_the_dear_one_buys() =>
        Assert.Equal("use nanosleep (p99 38 us, 1.3% of a core); hybrid buys 38 us of p99 for 9.7% of a core",
            ComparisonRanking.Recommend(ComparisonRanking.Rank([Row("timerfd", 51, 1.4), Row("hybrid", 0, 9.7), Row("nanosleep", 38, 1.3)])));

    [Fact]
    public void Given_the_cheap_source_is_best_When_recommending_Then_it_is_simply_named() =>
        Assert.Equal("use timerfd: the best p99 (20 us) for 1.4% of a core",
            ComparisonRanking.Recommend(ComparisonRanking.Rank([Row("timerfd", 20, 1.4), Row("hybrid", 25, 9.7)])));

    [Fact]
    public void Given_only_the_dotnet_baseline_ran_When_recommending_Then_it_is_never_recommended() =>
        Assert.Equal("no source ran to the end: see the errors above",
            ComparisonRanking.Recommend(ComparisonRanking.Rank([Row("dotnet", 4000, 4.0), Row("timerfd", 1, 1, error: "gone")])));
}
