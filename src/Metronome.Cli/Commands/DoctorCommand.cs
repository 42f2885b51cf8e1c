using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Cli.Report;
using Metronome.Host;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome doctor`: inspect the host (live or a saved snapshot), measure briefly, and say whether it
/// can keep telephony time, why, and what to do. `--collect` saves a snapshot instead.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new Option<string?>("--root") { Description = "Inspect a saved snapshot (a directory laid out like / or the .tar.gz --collect writes) instead of this host." };
        var measure = new Option<int>("--measure") { Description = "Seconds of the auto source to measure.", DefaultValueFactory = _ => 5 }.InRange(1, 3600);
        var noMeasure = new Option<bool>("--no-measure") { Description = "Inspect only; steal is then sampled over 1 s." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON to stdout." };
        var load = LoadOption.Create();
        var report = ReportOption.Create();
        var collect = new Option<string?>("--collect") { Description = "Write a snapshot of this host to FILE.tar.gz for offline or support analysis, and stop." };
        var command = new Command("doctor", "Tell whether this host can keep a 1 kHz telephony timing source, why, and what to do.")
        {
            root, measure, noMeasure, json, collect, load, report,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(root) is not null && result.GetResult(collect) is not null)
                result.AddError("--root and --collect do not go together: --collect snapshots this host");
            if (result.GetResult(load) is not null && (result.GetResult(root) is not null || result.GetResult(noMeasure) is not null))
                result.AddError("--load goes with a live measurement: not with --root or --no-measure");
        });
        command.SetAction(parse => Execute(parse.GetValue(root), parse.GetValue(noMeasure) ? null : parse.GetValue(measure),
            parse.GetValue(json), parse.GetValue(collect), parse.GetValue(load), parse.GetValue(report), stdout, stderr));
        return command;
    }

    private static int Execute(string? rootPath, int? measureSeconds, bool json, string? collectPath, string? loadSpec, string? reportPath, TextWriter stdout, TextWriter stderr)
    {
        if (collectPath is not null) return Collect(collectPath, stdout, stderr);
        ReportFile? reportFile;
        try
        {
            reportFile = ReportFile.Open(reportPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        using var report = reportFile;

        HostInspection inspection;
        DoctorMeasurement? measurement = null;
        string? temporary = null;
        try
        {
            if (rootPath is not null)
            {
                inspection = HostInspector.InspectSnapshot(SnapshotArchive.Open(rootPath, out temporary));
            }
            else
            {
                double? steal;
                if (measureSeconds is { } seconds)
                {
                    using (var load = LoadOption.Start(loadSpec))
                    {
                        measurement = QuickMeasurement.Run(TimeSpan.FromSeconds(seconds)) with { Load = load?.Description };
                    }
                    steal = measurement.StealPercent;
                }
                else
                {
                    steal = QuickMeasurement.SampleSteal(TimeSpan.FromSeconds(1));
                }
                inspection = HostInspector.InspectLive(steal);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Metronome.Load.LoadException)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        finally
        {
            if (temporary is not null) Directory.Delete(temporary, recursive: true);
        }

        var findings = DoctorRules.Evaluate(inspection, measurement, measured: measurement is not null);
        string verdict = Verdict.From(findings);
        var doc = new DoctorDocument(DoctorDocument.CurrentSchemaVersion, verdict, findings, inspection.Facts, inspection.Unknowns, measurement);
        report?.Write(JsonSerializer.Serialize(doc, MetronomeJsonContext.Default.DoctorDocument), measurement?.StealPercent, live: rootPath is null);
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(doc, MetronomeJsonContext.Default.DoctorDocument));
        }
        else
        {
            bool colour = Terminal.Is(stdout)
                          && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") != "dumb";
            DoctorReportWriter.Write(stdout, verdict, findings, inspection.Facts, colour);
        }
        return MetronomeCli.Success;
    }

    private static int Collect(string path, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var root = new HostRoot("/");
            int files = SnapshotCollector.Collect(path, LiveFacts.Gather(), KernelLog.Read(root));
            stdout.WriteLine($"wrote {path}: {files} files; inspect it with: metronome doctor --root {path}");
            return MetronomeCli.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: cannot write {path}: {e.Message}");
            return MetronomeCli.Failure;
        }
    }
}
