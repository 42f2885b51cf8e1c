namespace Metronome.Tests.Cli;

/// <summary>Text written to a file in a fresh temporary directory, for `doctor --from`; deleted with the directory.</summary>
internal sealed class PasteFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("metronome-paste-").FullName;

    public PasteFile(string text, string name = "paste.txt")
    {
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
