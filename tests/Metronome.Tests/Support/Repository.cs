namespace Metronome.Tests.Support;

/// <summary>
/// The checkout the tests were built from (the directory that holds Metronome.slnx), found from the test
/// assembly's own directory: the one way both test projects find the repository's files (the integration
/// tests link this file).
/// </summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    /// <summary>A path under the repository's top directory.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Metronome.slnx"))) return dir.FullName;
        throw new InvalidOperationException("no Metronome.slnx above " + AppContext.BaseDirectory);
    }
}
