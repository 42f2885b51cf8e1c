using System.CommandLine;
using System.Reflection;

namespace Metronome.Cli.Output;

/// <summary>
/// What, where and when a saved result was made: the start (UTC), this host's name and kernel, the
/// Metronome version and the command line. Every result document (test, compare, doctor) carries it.
/// </summary>
internal sealed record RunContext(DateTime StartedAt, string Hostname, string Kernel, string MetronomeVersion, string CommandLine)
{
    /// <summary>Now, on this host, for the command <paramref name="parse"/> read.</summary>
    public static RunContext Capture(ParseResult parse) =>
        new(DateTime.UtcNow, ProcText("/proc/sys/kernel/hostname"), ProcText("/proc/sys/kernel/osrelease"), Version,
            CommandLineOf(parse.Tokens.Select(t => t.Value)));

    /// <summary>The informational version (with the commit, when the build knew it).</summary>
    public static string Version { get; } =
        typeof(RunContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunContext).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>"metronome ARGS", each argument quoted for a POSIX shell when it needs to be.</summary>
    public static string CommandLineOf(IEnumerable<string> args) =>
        string.Join(' ', ["metronome", .. args.Select(Quote)]);

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:+@%".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string ProcText(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
