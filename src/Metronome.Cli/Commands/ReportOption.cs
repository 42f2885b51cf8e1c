using System.CommandLine;

namespace Metronome.Cli.Commands;

/// <summary>`--report FILE` of test, compare and doctor: the run as one self-contained HTML report.</summary>
internal static class ReportOption
{
    public static Option<string?> Create() =>
        new("--report") { Description = "Also write the result as a self-contained HTML report with charts to FILE (checked before measuring)." };
}
