using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Cli.Report;
using Metronome.Tooling.Comparing;
using Metronome.Timing.Linux;
using Metronome.Tooling.Load;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome compare`: every source (or --sources) in turn at the same rate and real-time settings,
/// optionally under load and beside cyclictest, ranked in one table with a recommendation.
/// </summary>
internal static class CompareCommand
{
    private static readonly TickSourceKind[] Concrete = [.. TickSourceRegistry.Kinds.Where(k => k != TickSourceKind.Auto)];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var sources = new Option<string?>("--sources")
        {
            Description = $"Comma-separated sources to compare (default: every available one of {TickSourceKinds.List(Concrete)}, but dahdi; " +
                          $"with two or more CPUs also {string.Join(", ", TickGroup.RedundantKinds.Select(k => new ComparedSource(k, OnAllCpus: true)))}: one tick thread per CPU, the first to wake delivers).",
        };
        sources.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } list) return;
            var bad = Names(list).FirstOrDefault(n => !ComparedSource.TryParse(n, out _));
            if (bad is not null) r.AddError($"unknown source '{bad}' in --sources (known: {TickSourceKinds.List(Concrete)})");
            else if (Names(list).Length == 0) r.AddError("--sources names no source");
        });
        var duration = new Option<int>("--duration", "-D") { Description = "Seconds each source runs per round.", DefaultValueFactory = _ => 10 }.InRange(1, 3600);
        var rounds = new Option<int>("--rounds") { Description = "Alternate the sources this many times, so host drift hits all alike.", DefaultValueFactory = _ => 1 }.InRange(1, 100);
        var rate = new Option<int?>("--rate", "-r") { Description = "Ticks per second, the same for every source (default 1000; 500, the dahdi source's block rate, when dahdi is compared)." }
            .InRange(TickSourceOptions.MinRate, TickSourceOptions.MaxRate);
        var realtime = new RealtimeOptions(pinning: false, peer: "cyclictest");
        var thresholds = new ThresholdOptions("the recommended source");
        var spinUs = SourceOptions.SpinUs();
        var standbyUs = SourceOptions.StandbyUs();
        var withCyclictest = new Option<bool>("--with-cyclictest") { Description = "Add cyclictest (when installed) as a peer row measured in the same run." };
        var json = new Option<bool>("--json") { Description = "Write the comparison as JSON to stdout." };
        var load = LoadOption.Create();
        var report = ReportOption.Create();
        var command = new Command("compare", "Run every tick source side by side, optionally under load, and rank them.")
        {
            sources, duration, rounds, rate, spinUs, standbyUs, withCyclictest, json, load, report,
        };
        foreach (var option in realtime.All.Concat(thresholds.All)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(sources) is { } list ? Parse(list) : Available();
            var options = new ComparisonOptions(chosen, parse.GetValue(rate) ?? CommonRate(chosen), parse.GetValue(duration), parse.GetValue(rounds),
                realtime.Read(parse),
                parse.GetValue(spinUs), parse.GetValue(withCyclictest), parse.GetValue(standbyUs));
            return Execute(options, parse.GetValue(load), parse.GetValue(json), RunContext.Capture(parse), thresholds.Read(parse), parse.GetValue(report), stdout, stderr);
        });
        return command;
    }

    /// <summary>The rate every chosen source can run at unless told: the lowest of their defaults (dahdi: its block rate).</summary>
    internal static int CommonRate(IReadOnlyList<ComparedSource> sources) =>
        sources.Count == 0 ? 1000 : sources.Min(s => TickSourceRegistry.DefaultRate(s.Kind));

    private static string[] Names(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The sources of a --sources list (which its validator has passed), each once.</summary>
    private static ComparedSource[] Parse(string list) =>
        [.. Names(list).SelectMany(n => ComparedSource.TryParse(n, out var source) ? [source] : Array.Empty<ComparedSource>()).Distinct()];

    /// <summary>Every host timer that opens here; not auto (a duplicate) nor dahdi (a device, at its own rate).</summary>
    private static ComparedSource[] Available()
    {
        TickSourceKind[] single = [.. TickSourceRegistry.Describe(new TickSourceOptions())
            .Where(s => s.Available && s.Kind is not (TickSourceKind.Auto or TickSourceKind.Dahdi)).Select(s => s.Kind)];
        // With two or more CPUs, the redundant form of each source that has one.
        return CpuList.Allowed().Count < 2 ? [.. single.Select(k => new ComparedSource(k))]
            : [.. single.Select(k => new ComparedSource(k)), .. single.Where(TickGroup.RedundantKinds.Contains).Select(k => new ComparedSource(k, OnAllCpus: true))];
    }

    /// <summary>One line for each source that could not run at all, saying why; and one when none of ours ran.</summary>
    internal static IEnumerable<string> NotRun(ComparisonResult result)
    {
        foreach (var row in result.Rows.Where(r => r.Rounds == 0))
            yield return $"{row.Name} cannot run: {row.Error}";
        if (!result.Rows.Any(r => !r.IsPeer && r.Rounds > 0)) yield return "no source ran: nothing to compare";
    }

    /// <summary>The limits the recommended source broke; with no source to recommend, every limit set is broken.</summary>
    internal static IEnumerable<string> Broken(ComparisonResult result, Thresholds thresholds)
    {
        if (ComparisonRanking.Recommended(result.Rows) is not { } row)
        {
            if (thresholds != new Thresholds(null, null, null)) yield return "no source to recommend, so no threshold is met";
            yield break;
        }
        foreach (var line in thresholds.Broken(row.DahdiAverage, row.MaxNs, row.MissedTicks)) yield return $"{row.Name}: {line}";
    }

    private static int Execute(ComparisonOptions options, string? loadSpec, bool json, RunContext context, Thresholds thresholds, string? reportPath, TextWriter stdout, TextWriter stderr)
    {
        LoadProcess? load;
        ReportFile? report = null;
        try
        {
            report = ReportFile.Open(reportPath);
            load = LoadOption.Start(loadSpec);
        }
        catch (Exception e) when (e is LoadException or IOException or UnauthorizedAccessException)
        {
            report?.Dispose();
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }
        using var reportFile = report;
        using var cancel = new CancellationTokenSource();
        using var signals = StopSignals.Register(cancel.Cancel);
        ComparisonResult result;
        using (load)
        {
            result = SourceComparison.Run(options, load?.Description, line => stderr.WriteLine($"metronome: {line}"), cancel.Token);
        }
        string document = JsonSerializer.Serialize(new ComparisonDocument(result) { Context = context }, MetronomeJsonContext.Plain.ComparisonDocument);
        if (json) stdout.WriteLine(document);
        else ComparisonTableWriter.Write(stdout, result);
        reportFile?.Write(document, result.StealPercent);
        foreach (var line in NotRun(result)) stderr.WriteLine($"metronome: {line}");
        if (!result.Rows.Any(r => !r.IsPeer && r.Rounds > 0)) return MetronomeCli.Failure;
        return ThresholdOptions.Report(Broken(result, thresholds), stderr);
    }
}
