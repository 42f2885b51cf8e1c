namespace Metronome.Cli;

/// <summary>How to run this program again, native or under the dotnet host.</summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Get()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this program is");
        string first = Environment.GetCommandLineArgs()[0];
        // Under `dotnet Metronome.Cli.dll` the process is dotnet and the first argument the assembly.
        return first.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? [process, first] : [process];
    }
}
