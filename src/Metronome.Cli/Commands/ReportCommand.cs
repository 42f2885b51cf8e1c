using System.CommandLine;
using Metronome.Cli.Report;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome report RESULT.json... -o report.html`: one self-contained HTML file from saved results
/// (test, compare and doctor JSON, in any mix). A file that is not a result is a usage error (exit 2);
/// one that is damaged, unreadable or from a newer schema is a failure (exit 1); either is one line.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        // Checked by the command, not by arity and Required: the parser's own words ("Required argument
        // missing") would not say what a RESULT.json is, and a missing -o would be named before it.
        var inputs = new Argument<string[]>("RESULT.json") { Description = "Results written by `test --json`, `compare --json` or `doctor --json`.", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write (required)." };
        var command = new Command("report", "Turn saved results into one self-contained HTML report with charts (works offline).")
        {
            inputs, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(inputs) is not { Length: > 0 })
                result.AddError("report needs at least one RESULT.json, a result saved by test, compare or doctor with --json");
            else if (result.GetValue(output) is null)
                result.AddError("report needs -o FILE, the HTML file to write");
        });
        command.SetAction(parse => Execute(parse.GetValue(inputs)!, parse.GetValue(output)!, stdout, stderr));
        return command;
    }

    private static int Execute(string[] paths, string output, TextWriter stdout, TextWriter stderr)
    {
        ReportData data;
        try
        {
            data = ReportBuilder.Build([.. paths.Select(ReportInput.Load)], null, ReportFile.Generator);
        }
        catch (ReportInputException e)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return e.ExitCode;
        }
        try
        {
            string html = ReportHtml.Render(data);
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(html);
            File.WriteAllBytes(output, bytes);
            stdout.WriteLine($"wrote {output} ({(bytes.Length + 1023) / 1024} KiB)");
            return MetronomeCli.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: cannot write {output}: {e.Message}");
            return MetronomeCli.Failure;
        }
    }
}
