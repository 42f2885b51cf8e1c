namespace Metronome.Cli;

internal static class Program
{
    private static int Main(string[] args) => MetronomeCli.Run(args, Console.Out, Console.Error);
}
