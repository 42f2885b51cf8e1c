namespace Metronome.Tests.Support;

/// <summary>The checkout the tests were built from (where Metronome.slnx is): for the tests of its scripts and lists.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Metronome.slnx"))) return dir.FullName;
        throw new InvalidOperationException("no Metronome.slnx above " + AppContext.BaseDirectory);
    }
}
