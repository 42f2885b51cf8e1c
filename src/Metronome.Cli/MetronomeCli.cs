using System.CommandLine;
using Metronome.Cli.Commands;

namespace Metronome.Cli;

/// <summary>
/// The `metronome` command. Exit codes: 0 success, 1 runtime failure (one line why), 2 bad usage
/// (one line what, then how to get help).
/// </summary>
internal static class MetronomeCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Metronome: a precise 1 kHz tick for telephony on any Linux host, and proof of how good it is.")
        {
            TestCommand.Create(stdout, stderr),
            SourcesCommand.Create(stdout, stderr),
            DoctorCommand.Create(stdout, stderr),
            LoadCommand.Create(stdout, stderr),
            CompareCommand.Create(stdout, stderr),
            DahdiCommand.Create(stdout, stderr),
            MonitorCommand.Create(stdout, stderr),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            string path = command == root ? "metronome" : $"metronome {command.Name}";
            stderr.WriteLine($"metronome: {parse.Errors[0].Message}");
            stderr.WriteLine($"Usage: {path} [options]; '{path} --help' lists them.");
            return Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
    }
}
