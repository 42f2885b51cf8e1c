namespace Metronome.Cli.Output;

/// <summary>Whether output goes to a person at a terminal: then it may be coloured or rewritten in place.</summary>
internal static class Terminal
{
    /// <summary>True when <paramref name="writer"/> is the process's stdout and that is not redirected (tests pass their own writer).</summary>
    public static bool Is(TextWriter writer) => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
}
