namespace Metronome.Cli;

/// <summary>How to run this program again: native, as the JIT apphost, or under the dotnet host.</summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Get() =>
        From(Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this program is"),
            Environment.GetCommandLineArgs()[0]);

    /// <summary>
    /// The command for a process at <paramref name="process"/> whose first argument (as .NET reports
    /// it) is <paramref name="first"/>. .NET reports the assembly (Metronome.Cli.dll) both under
    /// `dotnet Metronome.Cli.dll` and under the apphost (bin/.../Metronome.Cli, what `dotnet run`
    /// starts), but only the dotnet host needs it: the apphost given a .dll would read it as a verb.
    /// </summary>
    public static IReadOnlyList<string> From(string process, string first)
    {
        bool assembly = first.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        bool apphost = string.Equals(Path.GetFileName(process), Path.GetFileNameWithoutExtension(first), StringComparison.Ordinal);
        return assembly && !apphost ? [process, first] : [process];
    }
}
