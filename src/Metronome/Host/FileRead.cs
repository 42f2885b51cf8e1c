namespace Metronome.Host;

/// <summary>The text of one host file, or why there is none. Never throws.</summary>
public readonly record struct FileRead(string? Text, string? Problem)
{
    public bool Ok => Text is not null;

    public static FileRead Found(string text) => new(text, null);

    public static FileRead Missing(string problem) => new(null, problem);
}
