using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.Tests.Architecture;

/// <summary>
/// docs/architecture.md as rules: each "## src/NAME — ...; references: A, B" heading declares a project
/// and the projects it may reference; each "- **Folder/** what it holds; uses: A, B" line under it
/// declares a folder of that project (the project's own name stands for its top folder).
/// </summary>
internal sealed record ArchitecturePage(IReadOnlyDictionary<string, IReadOnlySet<string>> References, IReadOnlyList<FolderRule> Folders)
{
    public static ArchitecturePage Read() => Parse(File.ReadAllLines(Repository.Path("docs", "architecture.md")));

    public static ArchitecturePage Parse(IEnumerable<string> lines)
    {
        var references = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var folders = new List<FolderRule>();
        string? project = null;
        foreach (var line in lines)
        {
            var heading = Regex.Match(line, @"^## src/([\w.]+) .*; references: (.+)$");
            if (heading.Success)
            {
                project = heading.Groups[1].Value;
                references[project] = Names(heading.Groups[2].Value);
                continue;
            }
            var folder = Regex.Match(line, @"^- \*\*([\w.]+)/\*\* .*; uses: (.+)$");
            if (folder.Success && project is not null) folders.Add(new FolderRule(project, folder.Groups[1].Value, Names(folder.Groups[2].Value)));
        }
        return new ArchitecturePage(references, folders);
    }

    private static HashSet<string> Names(string list) =>
        list.Trim() == "nothing" ? [] : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>One folder's line: the folder named <paramref name="Folder"/> (or the project's own name for its top folder) may use <paramref name="Uses"/>.</summary>
internal sealed record FolderRule(string Project, string Folder, IReadOnlySet<string> Uses)
{
    public bool IsTop => Folder == Project;

    /// <summary>The namespace its files declare: the project's root namespace, then the folder.</summary>
    public string Namespace => IsTop ? Project : $"{Project}.{Folder}";
}
