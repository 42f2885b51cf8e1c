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
    private static readonly string[] Negatives = ["no", "none", "false", "bare-metal"];

    public static string Root() => Fixtures.Under("evidence");

    public static TheoryData<string> Names() => new(FixtureNames());

    internal static string[] FixtureNames() =>
        Directory.EnumerateDirectories(Root()).Order(StringComparer.Ordinal).Select(Path.GetFileName).OfType<string>().ToArray();

    /// <summary>The fixture's input files, read as `doctor --from` reads them.</summary>
    internal static HostInspection Inspect(string name)
    {
        string dir = Path.Combine(Root(), name);
        // In the order a person lists them: console.txt before console-after-sleep.txt, dmesg-part1 before dmesg-part2.
        var inputs = Directory.EnumerateFiles(dir).OrderBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal)
            .Where(f => Path.GetFileName(f) is not ("SOURCE.md" or "expected.txt"))
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));
        return HostInspector.InspectPasted(PastedEvidence.Read(inputs));
    }

    internal static IReadOnlyList<(string Key, string Value)> Expected(string name) =>
        File.ReadAllLines(Path.Combine(Root(), name, "expected.txt"))
            .Where(l => l.Contains(':') && !l.StartsWith("extra.", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
            .Select(l => (l[..l.IndexOf(':')].Trim(), l[(l.IndexOf(':') + 1)..].Trim()))
            .ToArray();

    /// <summary>Whether a reported value states the expected one (a reason is a verbatim fragment; a vendor is named case-insensitively).</summary>
    internal static bool Matches(string key, string expected, string? reported) => reported is not null && key switch
    {
        "tsc.unstable-reason" => reported.Contains(expected, StringComparison.Ordinal) || expected.Contains(reported, StringComparison.Ordinal),
        "dmi.vendor" => reported.StartsWith(expected, StringComparison.OrdinalIgnoreCase),
        _ => reported == expected,
    };

    /// <summary>Expected facts reported wrong or not at all, and negative facts the expectation does not hold.</summary>
    internal static (int Expected, List<string> Misses, List<string> Unsupported) Score(string name)
    {
        var facts = FactSheet.From(Inspect(name)).ToDictionary(f => f.Name);
        var expected = Expected(name);
        var misses = expected.Where(e => !Matches(e.Key, e.Value, facts.GetValueOrDefault(e.Key)?.Value))
            .Select(e => $"{name}: {e.Key} expected '{e.Value}', reported '{facts.GetValueOrDefault(e.Key)?.Value ?? "(unknown)"}'").ToList();
        var unsupported = facts.Values
            .Where(f => Negatives.Contains(f.Value) && !expected.Any(e => e.Key == f.Name && e.Value == f.Value))
            .Select(f => $"{name}: {f.Name}: {f.Value} (evidence {f.Evidence})").ToList();
        return (expected.Count, misses, unsupported);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Given_a_real_world_paste_When_read_Then_no_unsupported_negative_fact_and_every_fact_has_its_evidence(string name)
    {
        var inspection = Inspect(name);
        var (_, _, unsupported) = Score(name);

        Assert.Empty(unsupported);
        Assert.DoesNotContain(FactSheet.From(inspection), f => f.Evidence.Source == FactSheet.Unrecorded);
        // Pasted evidence is the only source: every fact points at one of the fixture's files, with its line.
        Assert.All(FactSheet.From(inspection), f => Assert.True(PastedNames(name).Contains(f.Evidence.Source) && f.Evidence.Line > 0, $"{f.Name}: {f.Evidence}"));
    }

    [Fact]
    public void Given_every_real_world_fixture_When_read_Then_at_least_95_percent_of_the_expected_facts_are_right()
    {
        int expected = 0;
        var misses = new List<string>();
        foreach (var name in FixtureNames())
        {
            var score = Score(name);
            expected += score.Expected;
            misses.AddRange(score.Misses);
        }
        double rate = 100.0 * (expected - misses.Count) / expected;
        output.WriteLine($"{FixtureNames().Length} fixtures, {expected} expected facts, {expected - misses.Count} right ({rate:0.0}%)");
        foreach (var miss in misses) output.WriteLine("miss: " + miss);

        Assert.True(expected >= 50, $"only {expected} expected facts");
        Assert.True(rate >= 95, $"{rate:0.0}% right; misses:\n" + string.Join('\n', misses));
    }

    private static string[] PastedNames(string name) =>
        Directory.EnumerateFiles(Path.Combine(Root(), name)).Select(Path.GetFileName).OfType<string>().ToArray();
}
