namespace Metronome.Tests.Support;

/// <summary>The host snapshots under tests/Metronome.Tests/Fixtures/hosts, read in place.</summary>
internal static class Fixtures
{
    public static string Host(string name) => Path.Combine(Directory(), "hosts", name);

    /// <summary>A file or folder under Fixtures/ (evidence/, seed-like/).</summary>
    public static string Under(params string[] parts) => Path.Combine([Directory(), .. parts]);

    public static IEnumerable<string> HostNames() =>
        System.IO.Directory.EnumerateDirectories(Path.Combine(Directory(), "hosts")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal);

    /// <summary>A copy of a fixture host that a test may damage.</summary>
    public static string CopyOf(string name)
    {
        string target = System.IO.Directory.CreateTempSubdirectory($"metronome-{name}-").FullName;
        string source = Host(name);
        foreach (var dir in System.IO.Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
            System.IO.Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        return target;
    }

    private static string Directory() => Repository.Path("tests", "Metronome.Tests", "Fixtures");
}
