using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.Tests.Docs;

/// <summary>
/// The README is a front door, not a manual; every relative link in it, CONTRIBUTING.md and docs/ leads
/// to a file (and heading) of this repository; and every sample output sits between its markers, where
/// scripts/refresh-docs.sh regenerates it.
/// </summary>
public sealed partial class DocumentationTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md", "CONTRIBUTING.md" };
        foreach (var file in Directory.EnumerateFiles(Repository.Path("docs"), "*.md").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repository.Root, file));
        return data;
    }

    [Fact]
    public void Given_the_readme_When_counted_Then_it_has_at_most_150_lines()
    {
        int lines = File.ReadAllLines(Repository.Path("README.md")).Length;

        Assert.True(lines <= 150, $"README.md has {lines} lines; move detail into docs/");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Given_a_document_When_its_relative_links_are_followed_Then_each_reaches_a_file_or_heading_inside_the_repository(string document)
    {
        string path = Repository.Path(document);
        var broken = new List<string>();
        foreach (var (line, target) in Links(File.ReadAllLines(path)))
        {
            if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto") continue;
            string file = target.Split('#')[0];
            string? anchor = target.Contains('#') ? target[(target.IndexOf('#') + 1)..] : null;
            string resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!resolved.StartsWith(Repository.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                broken.Add($"line {line}: {target} leads outside the repository");
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                broken.Add($"line {line}: {target} does not exist");
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Headings(resolved).Contains(anchor))
                broken.Add($"line {line}: {target} has no heading #{anchor}");
        }

        Assert.True(broken.Count == 0, $"{document}:\n" + string.Join("\n", broken));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Given_a_document_When_its_samples_are_read_Then_each_is_a_code_block_of_its_command_between_markers(string document)
    {
        var lines = File.ReadAllLines(Repository.Path(document));
        for (int i = 0; i < lines.Length; i++)
        {
            if (SampleStart().Match(lines[i]) is not { Success: true } start) continue;
            string command = start.Groups[1].Value;
            int end = Array.IndexOf(lines, "<!-- /sample -->", i + 1);
            Assert.True(end > i, $"{document} line {i + 1}: the sample '{command}' has no <!-- /sample --> line");
            var block = lines[(i + 1)..end];
            Assert.True(block.Length >= 3 && block[0] == "```" && block[1] == "$ " + command && block[^1] == "```",
                $"{document} line {i + 1}: the sample '{command}' is not a code block starting with '$ {command}': run scripts/refresh-docs.sh");
            Assert.DoesNotContain(block[2..^1], l => l.StartsWith("```", StringComparison.Ordinal));
            i = end;
        }
    }

    /// <summary>Inline links and images outside code blocks, with their line numbers.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string[] lines)
    {
        bool fenced = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (fenced) continue;
            string text = InlineCode().Replace(lines[i], "");
            foreach (Match m in Link().Matches(text)) yield return (i + 1, m.Groups[1].Value);
        }
    }

    /// <summary>The anchors GitHub makes of a document's headings: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Headings(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.StartsWith('#'))
            .Select(l => NotInSlug().Replace(l.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))];

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex NotInSlug();

    [GeneratedRegex("^<!-- sample: (.*) -->$")]
    private static partial Regex SampleStart();
}
