using Metronome.Tooling.Host;
using Metronome.Tests.Support;
using Xunit.Abstractions;

namespace Metronome.Tests.Host;

/// <summary>
/// The real-world evidence under Fixtures/evidence (what people posted publicly; SOURCE.md in each):
/// `doctor --from` on each fixture's input files must report every fact its expected.txt lists, and no
/// negative fact ("no", "none", "bare-metal") that the evidence does not establish.
/// </summary>
public class EvidenceFixtureTests(ITestOutputHelper output)
{
    public static string Root() => Fixtures.Under("evidence");

    private static readonly EvidenceScoring Scoring = new(Root());

    public static TheoryData<string> Names() => new(Scoring.FixtureNames());

    internal static string[] FixtureNames() => Scoring.FixtureNames();

    /// <summary>The fixture's input files, read as `doctor --from` reads them.</summary>
    internal static HostInspection Inspect(string name) => Scoring.Inspect(name);

    [Theory]
    [MemberData(nameof(Names))]
    public void Given_a_real_world_paste_When_read_Then_no_unsupported_negative_fact_and_every_fact_has_its_evidence(string name)
    {
        var inspection = Inspect(name);

        Assert.Empty(Scoring.Score(name).UnsupportedNegatives);
        Assert.DoesNotContain(FactSheet.From(inspection), f => f.Evidence.Source == FactSheet.Unrecorded);
        // Pasted evidence is the only source: every fact points at one of the fixture's files, with its line.
        Assert.All(FactSheet.From(inspection), f => Assert.True(Scoring.PastedNames(name).Contains(f.Evidence.Source) && f.Evidence.Line > 0, $"{f.Name}: {f.Evidence}"));
    }

    [Fact]
    public void Given_every_real_world_fixture_When_read_Then_at_least_95_percent_of_the_expected_facts_are_right()
    {
        int expected = 0;
        var misses = new List<string>();
        foreach (var name in FixtureNames())
        {
            var score = Scoring.Score(name);
            expected += score.Expected;
            misses.AddRange(score.Wrong.Concat(score.Unknown));
        }
        double rate = 100.0 * (expected - misses.Count) / expected;
        output.WriteLine($"{FixtureNames().Length} fixtures, {expected} expected facts, {expected - misses.Count} right ({rate:0.0}%)");
        foreach (var miss in misses) output.WriteLine("miss: " + miss);

        Assert.True(expected >= 50, $"only {expected} expected facts");
        Assert.True(rate >= 95, $"{rate:0.0}% right; misses:\n" + string.Join('\n', misses));
    }
}
