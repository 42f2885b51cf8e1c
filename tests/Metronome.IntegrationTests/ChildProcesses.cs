namespace Metronome.IntegrationTests;

/// <summary>Finding a process's children in /proc, for tests that look at a child Metronome started.</summary>
internal static class ChildProcesses
{
    /// <summary>A child of <paramref name="parent"/> whose command line holds <paramref name="text"/>, or null.</summary>
    public static int? Find(int parent, string text)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (ppid == parent && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal)) return pid;
            }
            catch (IOException)
            {
                // It ended while we looked.
            }
        }
        return null;
    }

    /// <summary>Where each of the process's descriptors points ("/memfd:NAME (deleted)", "pipe:[…]", …).</summary>
    public static IReadOnlyList<string> Descriptors(int pid) =>
        [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget ?? "";
            }
            catch (IOException)
            {
                return ""; // closed while we looked
            }
        })];
}
