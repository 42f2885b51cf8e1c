using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Cli.Output;

/// <summary>The `metronome test --json` document; docs/json.md is its schema. Field names are the contract.</summary>
internal sealed record TestResultDocument(
    RunContext Context,
    string Source,
    int Rate,
    int? SpinUs,
    RealtimeDocument Realtime,
    IReadOnlyList<PassDocument> Passes,
    SummaryDocument Summary,
    LatencyDocument Latency,
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
    RedundancyDocument? Redundancy) : ResultDocument(CurrentSchemaVersion, Context)
{
    public const int CurrentSchemaVersion = 2;

    /// <summary>The 1 µs latency histogram, non-empty bins only.</summary>
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
        c, r.Source, r.Rate, spinUs,
        new RealtimeDocument(r.Realtime.Policy, r.Realtime.Priority, r.Realtime.Mlocked, r.Realtime.Cpu,
            r.Realtime.TimerSlackNs, r.Realtime.DmaLatencyHeld, r.Realtime.Warnings),
        r.Passes.Select(p => new PassDocument(p.Score, p.Samples, p.Intervals)).ToArray(),
        new SummaryDocument(r.Summary.Passes, r.Summary.Best, r.Summary.Worst, r.Summary.Average, r.Summary.Cumulative),
        new LatencyDocument(r.Latency.MinNs, r.Latency.AvgNs, r.Latency.MaxNs, r.Latency.P50Ns, r.Latency.P90Ns,
            r.Latency.P99Ns, r.Latency.P999Ns, r.Latency.P9999Ns, r.Latency.Overflows),
        r.Ticks, r.Wakeups, r.MissedTicks, r.DurationNs, r.CpuPercent, r.TickThreadCpuPercent, r.StealPercent, r.HostBusyPercent, load,
        r.GcCollections, r.AllocatedBytes, r.ProcessAllocatedBytes, r.Error, RedundancyDocument.From(r.Redundancy))
    {
        Histogram = SparseHistogram.From(r.Histogram),
        Timeline = r.Timeline,
        Steal = r.Steal,
        Stalls = r.Stalls,
        StallCount = r.StallCount,
    };
}

/// <summary>With --cpu LIST (two or more CPUs): how the tick threads shared the ticks; null otherwise.</summary>
internal sealed record RedundancyDocument(long StandbyDelayNs, IReadOnlyList<TickThreadDocument> Threads, long Handoffs, long NotUsualDeliveries)
{
    public static RedundancyDocument? From(RedundancyResult? r) => r is null ? null : new(r.StandbyDelayNs,
        r.Threads.Select(t => new TickThreadDocument(t.Cpu, t.Primary, t.Wakeups, t.Deliveries, t.Ticks, t.TickSharePercent, t.CpuPercent)).ToArray(),
        r.Handoffs, r.NotUsualDeliveries);
}

internal sealed record TickThreadDocument(int? Cpu, bool Primary, long Wakeups, long Deliveries, long Ticks, double TickSharePercent, double CpuPercent);

internal sealed record RealtimeDocument(
    string Policy, int Priority, bool Mlocked, int? Cpu, long? TimerSlackNs, bool DmaLatencyHeld, IReadOnlyList<string> Warnings);

internal sealed record PassDocument(double Score, int Samples, double Intervals);

internal sealed record SummaryDocument(int Passes, double Best, double Worst, double Average, double Cumulative);

internal sealed record LatencyDocument(
    long MinNs, long AvgNs, long MaxNs, long P50Ns, long P90Ns, long P99Ns, long P999Ns, long P9999Ns, long Overflows);
