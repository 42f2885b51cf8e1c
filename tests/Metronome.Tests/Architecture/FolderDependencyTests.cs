using System.Text;
using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.Tests.Architecture;

/// <summary>
/// The library's folders depend one way, as docs/architecture.md declares: each file may use only the
/// folders its folder's line names. A source scan: `using Metronome.X`, `Metronome.X.` anywhere in code,
/// and `X.Type` relative to the Metronome namespace; comments and string literals do not count.
/// </summary>
public class FolderDependencyTests
{
    private static readonly string Library = Repository.Path("src", "Metronome");

    [Fact]
    public void Given_the_library_When_its_files_are_scanned_Then_none_uses_a_folder_its_folder_may_not()
    {
        var rules = Rules();
        var violations = new List<string>();
        foreach (var file in SourceFiles())
        {
            string folder = FolderOf(file);
            string relative = Path.GetRelativePath(Library, file);
            if (!rules.TryGetValue(folder, out var allowed))
            {
                violations.Add($"{relative}: folder {folder} has no line in docs/architecture.md");
                continue;
            }
            string code = CodeOnly(File.ReadAllText(file));
            foreach (var used in UsedFolders(code, rules.Keys))
                if (used != folder && !allowed.Contains(used)) violations.Add($"{relative} uses {used}/, which {folder}/ may not use");
            var ns = Regex.Match(code, @"\bnamespace\s+([\w.]+)");
            if (!ns.Success || !(ns.Groups[1].Value == $"Metronome.{folder}" || ns.Groups[1].Value.StartsWith($"Metronome.{folder}.", StringComparison.Ordinal)))
                violations.Add($"{relative}: namespace {(ns.Success ? ns.Groups[1].Value : "(none)")} is not Metronome.{folder}");
        }
        Assert.Empty(violations);
    }

    [Fact]
    public void Given_the_declared_graph_When_followed_Then_it_has_no_cycle()
    {
        var rules = Rules();
        foreach (var (folder, allowed) in rules)
            Assert.All(allowed, used => Assert.True(rules.ContainsKey(used), $"{folder} may use {used}, which has no line"));
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var folder in rules.Keys) Visit(folder);

        void Visit(string folder)
        {
            if (done.Contains(folder)) return;
            Assert.False(path.Contains(folder), $"cycle: {string.Join(" -> ", path.SkipWhile(f => f != folder))} -> {folder}");
            path.Add(folder);
            foreach (var used in rules[folder]) Visit(used);
            path.RemoveAt(path.Count - 1);
            done.Add(folder);
        }
    }

    [Fact]
    public void Given_the_bottom_folders_When_read_Then_they_use_nothing()
    {
        var rules = Rules();
        Assert.Empty(rules["Linux"]);
        Assert.Empty(rules["DahdiAbi"]);
        Assert.DoesNotContain("Dahdi", rules["Sources"]);
        Assert.DoesNotContain("Host", rules["Measuring"]);
    }

    [Fact]
    public void Given_code_When_scanned_Then_usings_and_qualified_names_count_and_comments_and_strings_do_not()
    {
        string code = CodeOnly("""
            using Metronome.Timing.Sources;
            // Host.CpuTimes was here
            /* Dahdi.PseudoChannel */
            namespace Metronome.Timing.Linux;
            class A { string s = "Fuse.FuseReply"; long t = Measuring.TickRun.X; object o = x.Load.Y; char c = '"'; }
            """);
        Assert.Equal(["Linux", "Measuring", "Sources"], UsedFolders(code, ["Sources", "Host", "Dahdi", "Fuse", "Measuring", "Load", "Linux"]).Order());
    }

    /// <summary>docs/architecture.md's lines "- **Folder/** what it holds; uses: A, B" (or "uses: nothing").</summary>
    private static Dictionary<string, HashSet<string>> Rules()
    {
        var rules = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Repository.Path("docs", "architecture.md")))
        {
            var m = Regex.Match(line, @"^- \*\*(\w+)/\*\* .*; uses: (.+)$");
            if (!m.Success) continue;
            var uses = m.Groups[2].Value.Trim();
            rules[m.Groups[1].Value] = uses == "nothing"
                ? []
                : [.. uses.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }
        Assert.NotEmpty(rules);
        return rules;
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Where(f => FolderOf(f) is not ("obj" or "bin") && Path.GetDirectoryName(f) != Library);

    private static string FolderOf(string file) => Path.GetRelativePath(Library, file).Split(Path.DirectorySeparatorChar)[0];

    private static HashSet<string> UsedFolders(string code, IEnumerable<string> folders)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var known = folders.ToHashSet(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(code, @"(?<![\w.])(?:global::)?Metronome\.(\w+)"))
            if (known.Contains(m.Groups[1].Value)) used.Add(m.Groups[1].Value);
        foreach (Match m in Regex.Matches(code, @"(?<![\w.])(\w+)\.(?=[A-Z])"))
            if (known.Contains(m.Groups[1].Value)) used.Add(m.Groups[1].Value);
        return used;
    }

    /// <summary>The text with comments and string and character literals blanked out.</summary>
    private static string CodeOnly(string text)
    {
        var code = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n') i++;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
                code.Append(' ');
            }
            else if (text[i] == '"' && text.AsSpan(i).StartsWith("\"\"\""))
            {
                int end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 3;
                code.Append("\"\"");
            }
            else if (text[i] is '"' or '\'')
            {
                char quote = text[i];
                bool verbatim = i > 0 && text[i - 1] == '@' || i > 1 && text[i - 2] == '@';
                i++;
                while (i < text.Length && text[i] != quote)
                {
                    if (text[i] == '\\' && !verbatim) i++;
                    i++;
                }
                i++;
                code.Append(quote).Append(quote);
            }
            else code.Append(text[i++]);
        }
        return code.ToString();
    }
}
