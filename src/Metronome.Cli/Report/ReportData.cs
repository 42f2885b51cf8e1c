using System.Text.Json.Serialization;
using Metronome.Tooling.Host;

namespace Metronome.Cli.Report;

/// <summary>
/// Everything the report page draws, ready for the charts: the .NET side turns results into these series
/// and the page's script only hands them to uPlot. Golden tests pin this document.
/// </summary>
internal sealed record ReportData(
    string Title,
    string Generator,
    ReportHeader Header,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ReportRun> Runs,
    IReadOnlyList<ReportCount> StallCauses,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notes);

/// <param name="Level">The colour of the verdict.</param>
/// <param name="Meaning">The "what this means for calls" paragraph, sentence by sentence.</param>
internal sealed record ReportHeader(
    string Host, string Kernel, string Hypervisor, string Source, string When, string Duration,
    string Verdict, ReportLevel Level, string Meaning);

/// <summary>One measured source (a test run, or one row of a comparison, or cyclictest as a peer).</summary>
/// <param name="Figures">The summary table's cells, in <see cref="ReportRun.Columns"/> order, already formatted.</param>
internal sealed record ReportRun(
    string Label,
    bool IsPeer,
    IReadOnlyList<string> Figures,
    ReportHistogram? Histogram,
    ReportTimeline? Timeline,
    IReadOnlyList<double> Passes,
    IReadOnlyList<ReportStall> Stalls)
{
    /// <summary>The worst lateness as the table shows it, in whole µs; null where the result has none.</summary>
    [JsonIgnore]
    public long? MaxUs { get; init; }

    /// <summary>Missed ticks; null for a peer, which does not count them.</summary>
    [JsonIgnore]
    public long? MissedTicks { get; init; }

    public static readonly string[] Columns = ["p50 µs", "p99 µs", "p99.9 µs", "max µs", "missed ticks", "dahdi average %", "dahdi worst %", "stalls"];
}

/// <summary>1 µs bins: <paramref name="Us"/> the bin floors, <paramref name="Count"/> their samples.</summary>
internal sealed record ReportHistogram(IReadOnlyList<long> Us, IReadOnlyList<long> Count, double MaxUs, long Overflows);

/// <summary>
/// Worst lateness per interval (µs; null where no wake-up fell) at <paramref name="Seconds"/> after the
/// start, and host steal (%) at <paramref name="StealSeconds"/>.
/// </summary>
internal sealed record ReportTimeline(
    IReadOnlyList<double> Seconds, IReadOnlyList<double?> WorstUs, IReadOnlyList<long> Missed,
    IReadOnlyList<double> StealSeconds, IReadOnlyList<double?> StealPercent);

internal sealed record ReportStall(double Seconds, double LatencyUs, long Missed, string Cause, string? Detail);

internal sealed record ReportCount(string Name, long Count);

/// <summary>The report's data (and the shape of the results it reads): source-generated, with the default encoder, which escapes &lt; &gt; &amp; so the document is safe inside a script element.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReportData))]
[JsonSerializable(typeof(ResultShape))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
