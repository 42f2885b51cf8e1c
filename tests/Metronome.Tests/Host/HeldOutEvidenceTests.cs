using Metronome.Tests.Support;
using Metronome.Tooling.Host;
using Xunit.Abstractions;

namespace Metronome.Tests.Host;

/// <summary>
/// The held-out evidence under Fixtures/evidence-heldout: real-world pastes the doctor was not written
/// against, with expectations committed before it first ran on them (README.md there has the scores).
/// Every expected fact right or unknown, none wrong, and at least 95% of them right.
/// </summary>
public class HeldOutEvidenceTests(ITestOutputHelper output)
{
    public static string Root() => Fixtures.Under("evidence-heldout");

    private static readonly EvidenceScoring Scoring = new(Root());

    public static TheoryData<string> Names() => new(Scoring.FixtureNames());

    [Theory]
    [MemberData(nameof(Names))]
    public void Given_a_held_out_paste_When_read_Then_no_wrong_or_unsupported_fact_and_every_fact_has_its_evidence(string name)
    {
        var score = Scoring.Score(name);
        var facts = FactSheet.From(Scoring.Inspect(name));

        Assert.Empty(score.Wrong);
        Assert.Empty(score.UnsupportedNegatives);
        Assert.All(facts, f => Assert.True(Scoring.PastedNames(name).Contains(f.Evidence.Source) && f.Evidence.Line > 0, $"{f.Name}: {f.Evidence}"));
    }

    [Fact]
    public void Given_every_held_out_paste_When_read_Then_at_least_95_percent_of_the_expected_facts_are_right_and_none_wrong()
    {
        var scores = Scoring.FixtureNames().Select(Scoring.Score).ToArray();
        int expected = scores.Sum(s => s.Expected), right = scores.Sum(s => s.Right);
        int wrong = scores.Sum(s => s.Wrong.Count + s.UnsupportedNegatives.Count), unknown = scores.Sum(s => s.Unknown.Count);
        double recall = (double)right / expected;
        output.WriteLine($"{scores.Length} fixtures, {expected} expected facts: {right} right, {unknown} unknown, {wrong} wrong (recall {recall:0.000})");
        foreach (var line in scores.SelectMany(s => s.Wrong.Concat(s.UnsupportedNegatives))) output.WriteLine("wrong: " + line);
        foreach (var line in scores.SelectMany(s => s.Unknown)) output.WriteLine("unknown: " + line);

        Assert.True(scores.Length >= 20, $"only {scores.Length} held-out fixtures");
        Assert.Equal(0, wrong);
        Assert.True(recall >= 0.95, $"recall {recall:0.000}");
    }
}
