using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Cli.Report;
using Metronome.Tooling.Host;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome doctor`: inspect the host (live, a saved snapshot, or pasted evidence), measure briefly, and
/// say whether it can keep telephony time, why, and what to do. `--collect` saves a snapshot instead.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>--fail-on's values, and the verdict each stands for (that or worse fails; ranks in <see cref="DoctorVerdict"/>).</summary>
    private static readonly Dictionary<string, DoctorVerdict> FailOn = new(StringComparer.Ordinal)
    {
        ["caveats"] = DoctorVerdict.Caveats,
        ["cannot-tell"] = DoctorVerdict.CannotTell,
        ["unsuitable"] = DoctorVerdict.Unsuitable,
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var root = new Option<string?>("--root") { Description = "Inspect a saved snapshot (a directory laid out like / or the .tar.gz --collect writes) instead of this host." };
        var from = new Option<string[]>("--from")
        {
            Description = "Inspect pasted evidence instead of this host: files holding dmesg, journalctl -k, kern.log, timer_list, uname -a, lsmod, cpuinfo, "
                          + "/proc/interrupts or sysfs clocksource output (or fragments, or a shell transcript); '-' reads stdin.",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var measure = new Option<int>("--measure") { Description = "Seconds of the auto source to measure.", DefaultValueFactory = _ => 5 }.InRange(1, 3600);
        var noMeasure = new Option<bool>("--no-measure") { Description = "Inspect only; steal is then sampled over 1 s." };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON to stdout." };
        var load = LoadOption.Create();
        var report = ReportOption.Create();
        var collect = new Option<string?>("--collect") { Description = "Write a snapshot of this host to FILE.tar.gz for offline or support analysis, and stop." };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit 3 when the verdict is this or worse: caveats, cannot-tell or unsuitable (ready < caveats < cannot-tell < unsuitable).",
        };
        failOn.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !FailOn.ContainsKey(value))
                result.AddError($"unknown fail-on '{value}' (known: {string.Join(", ", FailOn.Keys)})");
        });
        var command = new Command("doctor", "Tell whether this host can keep a 1 kHz telephony timing source, why, and what to do.")
        {
            root, from, measure, noMeasure, json, collect, load, failOn, report,
        };
        command.Validators.Add(result =>
        {
            int sources = new object?[] { result.GetResult(root), result.GetResult(collect), result.GetResult(from) }.Count(r => r is not null);
            if (result.GetResult(root) is not null && result.GetResult(collect) is not null)
                result.AddError("--root and --collect do not go together: --collect snapshots this host");
            else if (sources > 1)
                result.AddError("--from, --root and --collect do not go together: pick what to inspect");
            if (result.GetResult(load) is not null && (result.GetResult(root) is not null || result.GetResult(from) is not null || result.GetResult(noMeasure) is not null))
                result.AddError("--load goes with a live measurement: not with --root, --from or --no-measure");
        });
        command.SetAction(parse => Execute(new Request(parse.GetValue(root), parse.GetValue(from), parse.GetValue(noMeasure) ? null : parse.GetValue(measure),
            parse.GetValue(json), parse.GetValue(collect), parse.GetValue(load), parse.GetValue(failOn) is { } f ? FailOn[f] : null,
            RunContext.Capture(parse)) { Report = parse.GetValue(report) }, stdout, stderr));
        return command;
    }

    private sealed record Request(string? Root, string[]? From, int? MeasureSeconds, bool Json, string? Collect, string? Load, DoctorVerdict? FailOn, RunContext Context)
    {
        public string? Report { get; init; }
    }

    private static int Execute(Request request, TextWriter stdout, TextWriter stderr)
    {
        if (request.Collect is not null) return Collect(request.Collect, stdout, stderr);
        ReportFile? reportFile;
        try
        {
            reportFile = ReportFile.Open(request.Report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        using var report = reportFile;

        HostInspection inspection;
        DoctorMeasurement? measurement = null;
        IReadOnlyList<string> problems = [];
        string? temporary = null;
        try
        {
            if (request.From is { Length: > 0 } from)
            {
                var evidence = PastedEvidence.Read(from.Select(ReadPasted));
                problems = evidence.Problems;
                inspection = HostInspector.InspectPasted(evidence);
            }
            else if (request.Root is { } rootPath)
            {
                inspection = HostInspector.InspectSnapshot(SnapshotArchive.Open(rootPath, out temporary));
                if (inspection.Subject == "the snapshot") inspection = inspection with { Subject = $"the snapshot {rootPath}" };
            }
            else if (request.MeasureSeconds is { } seconds)
            {
                using (var load = LoadOption.Start(request.Load))
                {
                    measurement = QuickMeasurement.Run(TimeSpan.FromSeconds(seconds)) with { Load = load?.Description };
                }
                inspection = HostInspector.InspectLive(measurement.StealPercent);
            }
            else
            {
                // Nothing is measured: say what the steal figure was read over.
                inspection = HostInspector.InspectLive(QuickMeasurement.SampleSteal(TimeSpan.FromSeconds(1)), "sampled over 1 s (--no-measure)");
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Metronome.Tooling.Load.LoadException)
        {
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        finally
        {
            if (temporary is not null) Directory.Delete(temporary, recursive: true);
        }
        foreach (var problem in problems) stderr.WriteLine($"metronome: {problem}");

        var findings = DoctorRules.Evaluate(inspection, measurement);
        var verdict = Verdict.From(findings);
        var doc = new DoctorDocument(verdict, inspection.Subject, Verdict.WhatToPaste(findings), findings,
            FactSheet.From(inspection), inspection.Facts, inspection.Unknowns, measurement) { Context = request.Context };
        report?.Write(JsonSerializer.Serialize(doc, MetronomeJsonContext.Plain.DoctorDocument), measurement?.StealPercent,
            live: request.Root is null && request.From is null);
        if (request.Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(doc, MetronomeJsonContext.Plain.DoctorDocument));
        }
        else
        {
            bool colour = Terminal.Is(stdout)
                          && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") != "dumb";
            DoctorReportWriter.Write(stdout, verdict, findings, inspection, colour);
        }
        if (request.FailOn is { } threshold && verdict >= threshold)
        {
            stderr.WriteLine($"metronome: verdict {verdict.Name()} is {threshold.Name()} or worse (--fail-on {threshold.Name()})");
            return MetronomeCli.ThresholdFailed;
        }
        return MetronomeCli.Success;
    }

    /// <summary>A --from argument: a file, or stdin for "-". An unreadable file is an IOException (exit 1, one line).</summary>
    private static (string Name, byte[] Content) ReadPasted(string path)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            Console.OpenStandardInput().CopyTo(buffer);
            return ("stdin", buffer.ToArray());
        }
        if (Directory.Exists(path)) throw new IOException($"--from {path}: is a directory (a snapshot directory goes with --root)");
        if (!File.Exists(path)) throw new IOException($"--from {path}: No such file or directory");
        using var stream = File.OpenRead(path);
        var content = new byte[Math.Min(stream.Length, PastedEvidence.MaxBytes + 1L)];
        stream.ReadExactly(content);
        return (Path.GetFileName(path), content);
    }

    private static int Collect(string path, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var root = new HostRoot("/");
            var live = LiveFacts.Gather() with { Hostname = Environment.MachineName, CollectedAt = DateTimeOffset.UtcNow };
            int files = SnapshotCollector.Collect(path, live, KernelLog.Read(root));
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
