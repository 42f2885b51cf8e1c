using System.Text;
using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.Tests.Architecture;

/// <summary>
/// Inside each project the folders depend one way, as docs/architecture.md declares: each file may use
/// only the folders its folder's line names. A source scan: `using Metronome.Timing.X`, qualified names
/// anywhere in code, and `X.Type` relative to the namespace; comments and string literals do not count.
/// </summary>
public class FolderDependencyTests
{
    private static readonly string Src = Repository.Path("src");

    [Fact]
    public void Given_the_projects_below_the_command_When_their_files_are_scanned_Then_none_uses_a_folder_its_folder_may_not()
    {
        var page = ArchitecturePage.Read();
        var rules = page.Folders.ToDictionary(f => f.Folder, StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var project in page.Folders.Select(f => f.Project).Distinct())
        foreach (var file in SourceFiles(project))
        {
            string relative = Path.GetRelativePath(Src, file);
            string folder = FolderOf(project, file);
            if (!rules.TryGetValue(folder, out var rule) || rule.Project != project)
            {
                violations.Add($"{relative}: folder {folder} has no line under {project} in docs/architecture.md");
                continue;
            }
            string code = CodeOnly(File.ReadAllText(file));
            foreach (var used in UsedFolders(code, rules.Keys))
                if (used != folder && !rule.Uses.Contains(used)) violations.Add($"{relative} uses {used}/, which {folder}/ may not use");
            var ns = Regex.Match(code, @"\bnamespace\s+([\w.]+)");
            if (!ns.Success || !(ns.Groups[1].Value == rule.Namespace || !rule.IsTop && ns.Groups[1].Value.StartsWith(rule.Namespace + ".", StringComparison.Ordinal)))
                violations.Add($"{relative}: namespace {(ns.Success ? ns.Groups[1].Value : "(none)")} is not {rule.Namespace}");
        }
        Assert.Empty(violations);
    }

    [Fact]
    public void Given_the_declared_graph_When_followed_Then_every_use_is_of_this_project_or_one_it_references_and_it_has_no_cycle()
    {
        var page = ArchitecturePage.Read();
        var rules = page.Folders.ToDictionary(f => f.Folder, StringComparer.Ordinal);
        foreach (var rule in page.Folders)
            Assert.All(rule.Uses, used =>
            {
                Assert.True(rules.ContainsKey(used), $"{rule.Folder} may use {used}, which has no line");
                var owner = rules[used].Project;
                Assert.True(owner == rule.Project || page.References[rule.Project].Contains(owner), $"{rule.Folder} ({rule.Project}) may use {used}, but {rule.Project} does not reference {owner}");
            });
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var folder in rules.Keys) Visit(folder);

        void Visit(string folder)
        {
            if (done.Contains(folder)) return;
            Assert.False(path.Contains(folder), $"cycle: {string.Join(" -> ", path.SkipWhile(f => f != folder))} -> {folder}");
            path.Add(folder);
            foreach (var used in rules[folder].Uses) Visit(used);
            path.RemoveAt(path.Count - 1);
            done.Add(folder);
        }
    }

    [Fact]
    public void Given_the_bottom_folders_When_read_Then_they_use_nothing()
    {
        var rules = ArchitecturePage.Read().Folders.ToDictionary(f => f.Folder, StringComparer.Ordinal);
        Assert.Empty(rules["Linux"].Uses);
        Assert.Empty(rules["DahdiAbi"].Uses);
        Assert.DoesNotContain("Dahdi", rules["Sources"].Uses);
        Assert.DoesNotContain("Host", rules["Measuring"].Uses);
    }

    [Fact]
    public void Given_code_When_scanned_Then_usings_and_qualified_names_count_and_comments_and_strings_do_not()
    {
        string code = CodeOnly("""
            using Metronome.Timing.Sources;
            using Metronome.Timing;
            // Host.CpuTimes was here
            /* Dahdi.PseudoChannel */
            namespace Metronome.Timing.Linux;
            class A { string s = "Fuse.FuseReply"; long t = Measuring.TickRun.X; object o = x.Load.Y; char c = '"'; object f = Metronome.Tooling.Fuse.FuseReply.X; }
            """);
        Assert.Equal(["Fuse", "Linux", "Measuring", "Metronome.Timing", "Sources"],
            UsedFolders(code, ["Metronome.Timing", "Sources", "Host", "Dahdi", "Fuse", "Measuring", "Load", "Linux"]).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> SourceFiles(string project)
    {
        string root = Path.Combine(Src, project);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar)[0] is not ("obj" or "bin"));
    }

    /// <summary>The top folder of a file inside its project, or the project's own name for a file at its top.</summary>
    private static string FolderOf(string project, string file)
    {
        var parts = Path.GetRelativePath(Path.Combine(Src, project), file).Split(Path.DirectorySeparatorChar);
        return parts.Length == 1 ? project : parts[0];
    }

    private static HashSet<string> UsedFolders(string code, IEnumerable<string> folders)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var known = folders.ToHashSet(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(code, @"(?<![\w.])(?:global::)?(Metronome\.(?:Timing|Tooling))(?:\.(\w+))?"))
        {
            string folder = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value;
            if (known.Contains(folder)) used.Add(folder);
            else if (m.Groups[2].Success && known.Contains(m.Groups[1].Value) && char.IsUpper(folder[0]) && !known.Contains(folder)) used.Add(m.Groups[1].Value);
        }
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
