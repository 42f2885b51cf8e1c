using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Cli.Report;
using Metronome.Timing.Linux;
using Metronome.Tooling.Load;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome test`: measure a tick source the way dahdi_test measures a DAHDI device, in its exact
/// output format, then the per-tick statistics dahdi_test never had. SIGINT, SIGTERM and SIGHUP end
/// the run with the full summary of the passes done, and exit 0, as dahdi_test does.
/// </summary>
internal static class TestCommand
{
    private sealed record Settings(
        TickSourceKind Source, int Rate, string Device, int SpinUs, int? Count, int? DurationSeconds, bool Verbose,
        RealtimeRequest Realtime, string? Json, string? Histogram, string? Load, RunContext Context, Thresholds Thresholds,
        IReadOnlyList<int>? Cpus, int StandbyUs)
    {
        public string? Report { get; init; }
    }


    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var source = SourceOptions.Source(TickSourceRegistry.Kinds);
        var rate = new Option<int?>("--rate", "-r") { Description = "Ticks per second (default 1000; the dahdi source's default is 500, its block rate)." }
            .InRange(TickSourceOptions.MinRate, TickSourceOptions.MaxRate);
        var device = new Option<string>("--device") { Description = "dahdi source: the pseudo device to read.", DefaultValueFactory = _ => DahdiSource.DefaultDevice };
        var count = new Option<int?>("--count", "-c") { Description = "Run COUNT passes (about 1.024 s each), then stop; otherwise run until Ctrl-C." }
            .InRange(1, 1_000_000);
        var duration = new Option<int?>("--duration", "-D") { Description = "Stop after this many seconds." }
            .InRange(1, 31_536_000);
        var verbose = new Option<bool>("--verbose", "-v") { Description = "dahdi_test -v: samples and intervals of every pass." };
        var spinUs = SourceOptions.SpinUs();
        var standbyUs = SourceOptions.StandbyUs();
        var realtime = new RealtimeOptions();
        var thresholds = new ThresholdOptions("the run");
        var json = new Option<string?>("--json") { Description = "Write the whole result as JSON to FILE ('-' for stdout, which then carries only the JSON)." };
        var histogram = new Option<string?>("--histogram") { Description = "Write a cyclictest-format latency histogram to FILE." };
        var load = LoadOption.Create();
        var report = ReportOption.Create();

        var command = new Command("test", "Measure a tick source: dahdi_test-compatible passes and summary, then per-tick lateness statistics.")
        {
            source, rate, device, count, duration, verbose, spinUs, standbyUs, json, histogram, load, report,
        };
        foreach (var option in realtime.All.Concat(thresholds.All)) command.Options.Add(option);
        realtime.RefuseRedundant(command, source);
        command.SetAction(parse =>
        {
            var kind = SourceOptions.Kind(parse.GetValue(source));
            var settings = new Settings(
                kind, parse.GetValue(rate) ?? TickSourceRegistry.DefaultRate(kind), parse.GetValue(device)!, parse.GetValue(spinUs), parse.GetValue(count), parse.GetValue(duration),
                parse.GetValue(verbose), realtime.Read(parse),
                parse.GetValue(json), parse.GetValue(histogram), parse.GetValue(load), RunContext.Capture(parse), thresholds.Read(parse),
                realtime.ReadCpus(parse), parse.GetValue(standbyUs)) { Report = parse.GetValue(report) };
            return Execute(settings, stdout, stderr);
        });
        return command;
    }

    private static int Execute(Settings s, TextWriter stdout, TextWriter stderr)
    {
        // Open the output files before measuring, so a bad path fails in a second, not after the run.
        TextWriter? jsonFile = null, histogramFile = null;
        ReportFile? reportFile = null;
        TickGroup? ticks = null;
        AutoChoice? auto = null;
        LoadProcess? load;
        try
        {
            jsonFile = s.Json is null or "-" ? null : OutputFile.Open(s.Json);
            histogramFile = s.Histogram is null ? null : OutputFile.Open(s.Histogram);
            reportFile = ReportFile.Open(s.Report);
            var options = new TickSourceOptions(s.Rate, s.SpinUs, s.Device);
            (var cpus, auto) = AutoCpus.Resolve(s.Source, s.Cpus, options, s.Realtime);
            ticks = TickGroup.Open(s.Source, options, cpus, s.StandbyUs);
            load = LoadOption.Start(s.Load);
        }
        catch (Exception e) when (e is TickSourceException or LoadException or IOException or UnauthorizedAccessException)
        {
            jsonFile?.Dispose();
            histogramFile?.Dispose();
            reportFile?.Dispose();
            ticks?.Dispose();
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }

        bool jsonOnStdout = s.Json == "-";
        var human = jsonOnStdout ? TextWriter.Null : stdout;
        using (ticks)
        using (load)
        using (jsonFile)
        using (histogramFile)
        using (reportFile)
        using (var stallDetector = new StallDetector())
        using (var run = new TickRun(ticks, new TickRunOptions(s.Realtime, s.Count,
                   s.DurationSeconds is { } d ? TimeSpan.FromSeconds(d) : null, Stalls: stallDetector)))
        {
            using var signals = StopSignals.Register(run.RequestStop);
            var realtime = run.Start();
            int? spin = ticks.Primary is HybridSource hybrid ? hybrid.SpinUs : null;
            human.WriteLine(RunHeaderText.Format(ticks, spin, realtime, auto?.Why));
            foreach (var warning in realtime.Warnings) stderr.WriteLine($"metronome: warning: {warning}");
            human.Flush();

            var dahdi = new DahdiTextWriter(human, s.Verbose);
            int printed = 0;
            while (true)
            {
                bool finished = run.IsCompleted;
                for (; printed < run.Passes.Count; printed++) dahdi.WritePass(printed, run.Passes[printed]);
                if (finished) break;
                run.WaitForPass(TimeSpan.FromMilliseconds(250));
            }
            var result = run.Wait();
            // Release the source as soon as the run is over: an open DAHDI channel that is no longer
            // read drops a block every few milliseconds until the process exits.
            ticks.Dispose();
            load?.Stop();
            for (; printed < result.Passes.Count; printed++) dahdi.WritePass(printed, result.Passes[printed]);
            dahdi.WriteSummary(result.Summary);
            LatencyBlockWriter.Write(human, result);
            if (load is not null) LatencyBlockWriter.WriteLoad(human, load.Description, result);
            human.Flush();

            var document = TestResultDocument.From(s.Context, result, spin, load?.Description);
            if (jsonOnStdout) stdout.WriteLine(JsonSerializer.Serialize(document, MetronomeJsonContext.Plain.TestResultDocument));
            jsonFile?.WriteLine(JsonSerializer.Serialize(document, MetronomeJsonContext.Plain.TestResultDocument));
            if (histogramFile is not null) CyclictestHistogramWriter.Write(histogramFile, result.Histogram);
            reportFile?.Write(JsonSerializer.Serialize(document, MetronomeJsonContext.Plain.TestResultDocument), result.StealPercent);

            if (result.Error is not null)
            {
                stderr.WriteLine($"metronome: {ticks.Kind.Name()} failed: {result.Error}");
                return MetronomeCli.Failure;
            }
            return ThresholdOptions.Report(
                s.Thresholds.Broken(result.Summary.Passes > 0 ? result.Summary.Average : null, result.Latency.MaxNs, result.MissedTicks), stderr);
        }
    }
}
