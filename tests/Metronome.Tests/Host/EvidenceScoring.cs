using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tests.Host;

/// <summary>One fixture's score, fact by fact: what was expected, what came out wrong and what stayed unknown.</summary>
internal sealed record EvidenceScore(int Expected, IReadOnlyList<string> Wrong, IReadOnlyList<string> Unknown, IReadOnlyList<string> UnsupportedNegatives)
{
    public int Right => Expected - Wrong.Count - Unknown.Count;
}

/// <summary>
/// Reads a folder of real-world evidence fixtures (input files, SOURCE.md, expected.txt) as `doctor --from`
/// reads pastes, and scores the facts it reports against each expected.txt (the folders' README.md).
/// </summary>
internal sealed class EvidenceScoring(string root)
{
    private static readonly string[] Negatives = ["no", "none", "false", "bare-metal"];

    public string Root { get; } = root;

    public string[] FixtureNames() =>
        Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal).Select(Path.GetFileName).OfType<string>().ToArray();

    /// <summary>The fixture's input files, read as `doctor --from` reads them.</summary>
    public HostInspection Inspect(string name)
    {
        string dir = Path.Combine(Root, name);
        // In the order a person lists them: console.txt before console-after-sleep.txt, dmesg-part1 before dmesg-part2.
        var inputs = Directory.EnumerateFiles(dir).OrderBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal)
            .Where(f => Path.GetFileName(f) is not ("SOURCE.md" or "expected.txt"))
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));
        return HostInspector.InspectPasted(PastedEvidence.Read(inputs));
    }

    public IReadOnlyList<(string Key, string Value)> Expected(string name) =>
        File.ReadAllLines(Path.Combine(Root, name, "expected.txt"))
            .Where(l => l.Contains(':') && !l.StartsWith("extra.", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#'))
            .Select(l => (l[..l.IndexOf(':')].Trim(), l[(l.IndexOf(':') + 1)..].Trim()))
            .ToArray();

    /// <summary>The fixture's input file names: every fact's evidence must point at one of them.</summary>
    public string[] PastedNames(string name) =>
        Directory.EnumerateFiles(Path.Combine(Root, name)).Select(Path.GetFileName).OfType<string>().ToArray();

    /// <summary>Whether a reported value states the expected one (a reason is a verbatim fragment; a vendor is named case-insensitively).</summary>
    public static bool Matches(string key, string expected, string? reported) => reported is not null && key switch
    {
        "tsc.unstable-reason" => reported.Contains(expected, StringComparison.Ordinal) || expected.Contains(reported, StringComparison.Ordinal),
        "dmi.vendor" => reported.StartsWith(expected, StringComparison.OrdinalIgnoreCase),
        _ => reported == expected,
    };

    /// <summary>Expected facts reported wrong or not at all, and negative facts the expectation does not hold.</summary>
    public EvidenceScore Score(string name)
    {
        var facts = FactSheet.From(Inspect(name)).ToDictionary(f => f.Name.Name());
        var expected = Expected(name);
        var wrong = new List<string>();
        var unknown = new List<string>();
        foreach (var (key, value) in expected)
        {
            string? reported = facts.GetValueOrDefault(key)?.Value;
            if (reported is null) unknown.Add($"{name}: {key} expected '{value}', reported (unknown)");
            else if (!Matches(key, value, reported)) wrong.Add($"{name}: {key} expected '{value}', reported '{reported}' (evidence {facts[key].Evidence})");
        }
        var unsupported = facts.Values
            .Where(f => Negatives.Contains(f.Value) && !expected.Any(e => e.Key == f.Name.Name() && e.Value == f.Value))
            .Select(f => $"{name}: {f.Name.Name()}: {f.Value} (evidence {f.Evidence})").ToList();
        return new EvidenceScore(expected.Count, wrong, unknown, unsupported);
    }
}
