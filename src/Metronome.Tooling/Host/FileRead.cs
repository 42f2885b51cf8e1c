namespace Metronome.Tooling.Host;

/// <summary>The text of one host file, or why there is none. Never throws.</summary>
internal readonly record struct FileRead(string? Text, string? Problem)
{
    public bool Ok => Text is not null;

    public static FileRead Found(string text) => new(text, null);

    /// <summary>No text: the file is missing, unreadable, not text, empty where a line was wanted, or too large.</summary>
    public static FileRead Unavailable(string problem) => new(null, problem);
}
