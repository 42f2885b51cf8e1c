using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Output;

/// <summary>
/// The `metronome test --json` document; docs/json.md is its schema. Field names are the contract: it is
/// the run's own result (<see cref="RunResult"/>'s records) with the histogram in its saved form, plus
/// what the command line added (the spin window, the load).
/// </summary>
internal sealed record TestResultDocument(
    TickSourceKind Source,
    int Rate,
    int? SpinUs,
    RealtimeReport Realtime,
    IReadOnlyList<PassResult> Passes,
    DahdiSummary Summary,
    LatencyStats Latency,
    long Ticks,
    long Wakeups,
    long MissedTicks,
    long DurationNs,
    double CpuPercent,
    double TickThreadCpuPercent,
    double? StealPercent,
    double? HostBusyPercent,
    string? Load,
    int GcCollections,
    long AllocatedBytes,
    long ProcessAllocatedBytes,
    string? Error,
    RedundancyResult? Redundancy) : ResultDocument(CurrentSchemaVersion)
{
    public const int CurrentSchemaVersion = 2;

    /// <summary>The 1 µs latency histogram, non-empty bins only; null in a result that did not save it.</summary>
    public SparseHistogram? Histogram { get; init; }

    /// <summary>Worst lateness and missed ticks per interval.</summary>
    public Timeline? Timeline { get; init; }

    /// <summary>Host steal per second.</summary>
    public StealSeries? Steal { get; init; }

    /// <summary>Every stall found (the latest 1024 when there were more), with its cause.</summary>
    public IReadOnlyList<StallRecord>? Stalls { get; init; }

    /// <summary>How many stalls there were in all; null when stalls were not looked for.</summary>
    public long? StallCount { get; init; }

    public static TestResultDocument From(RunContext c, RunResult r, int? spinUs, string? load) => new(
        r.Source, r.Rate, spinUs, r.Realtime, r.Passes, r.Summary, r.Latency,
        r.Ticks, r.Wakeups, r.MissedTicks, r.DurationNs, r.CpuPercent, r.TickThreadCpuPercent, r.StealPercent, r.HostBusyPercent, load,
        r.GcCollections, r.AllocatedBytes, r.ProcessAllocatedBytes, r.Error, r.Redundancy)
    {
        Context = c,
        Histogram = SparseHistogram.From(r.Histogram),
        Timeline = r.Timeline,
        Steal = r.Steal,
        Stalls = r.Stalls,
        StallCount = r.StallCount,
    };
}
