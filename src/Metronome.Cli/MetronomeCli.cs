using System.CommandLine;
using Metronome.Cli.Commands;

namespace Metronome.Cli;

/// <summary>
/// The `metronome` command. Exit codes: 0 success, 1 runtime failure (one line why), 2 bad usage
/// (one line what, then how to get help), 3 measured and failed a threshold the user set.
/// </summary>
internal static class MetronomeCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int ThresholdFailed = 3;

    /// <summary>The exit codes, for --help and the README.</summary>
    public const string ExitCodes =
        "Exit codes: 0 success; 1 could not run (one line why); 2 bad usage (one line what); 3 measured, and a threshold you set (--fail-below, --max-late-us, --max-missed) failed.";

    /// <summary>Every verb, as the parser sees it (the usage tests walk this tree).</summary>
    public static RootCommand CreateRoot(TextWriter stdout, TextWriter stderr) =>
        new("Metronome: a precise 1 kHz tick for telephony on any Linux host, and proof of how good it is.\n\n" + ExitCodes)
        {
            TestCommand.Create(stdout, stderr),
            SourcesCommand.Create(stdout, stderr),
            DoctorCommand.Create(stdout, stderr),
            LoadCommand.Create(stdout, stderr),
            CompareCommand.Create(stdout, stderr),
            DahdiCommand.Create(stdout, stderr),
            DahdiLoadCommand.Create(stdout, stderr),
            MonitorCommand.Create(stdout, stderr),
            ReportCommand.Create(stdout, stderr),
            MetricsExporterCommand.Create(stdout, stderr),
            RecordWakeupsCommand.Create(stdout, stderr),
        };

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = CreateRoot(stdout, stderr);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            if (command == root && UsageError.RootProblem(root, args) is { } problem)
            {
                stderr.WriteLine($"metronome: {problem}");
                stderr.WriteLine("Usage: metronome COMMAND [options]; 'metronome --help' describes them.");
                return Usage;
            }
            string path = command == root ? "metronome" : $"metronome {command.Name}";
            stderr.WriteLine($"metronome: {UsageError.CommandProblem(parse)}");
            stderr.WriteLine($"Usage: {UsageError.Synopsis(command, path)}; '{path} --help' lists them.");
            return Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
    }
}
