using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Tooling.Measuring;

/// <summary>Everything one run measured.</summary>
/// <param name="CpuPercent">CPU time of the whole process over the run, in % of one core.</param>
/// <param name="TickThreadCpuPercent">CPU time of the tick thread alone (all of them together with --cpu LIST): the cost of the source.</param>
/// <param name="StealPercent">Host steal over the run, % of all CPU time; null when /proc/stat is unreadable.</param>
/// <param name="HostBusyPercent">Host CPU busy over the run, % of all CPU time: the load level actually achieved.</param>
/// <param name="GcCollections">Garbage collections (any generation) during the run.</param>
/// <param name="AllocatedBytes">Bytes the tick thread(s) allocated during the loop: the tick path's own cost.</param>
/// <param name="ProcessAllocatedBytes">Bytes the whole process allocated during the run.</param>
/// <param name="Error">Why the run ended early, or null; what it measured up to then is still here.</param>
/// <param name="Redundancy">With several tick threads (--cpu LIST): which thread delivered how much; else null.</param>
internal sealed record RunResult(
    TickSourceKind Source,
    int Rate,
    RealtimeReport Realtime,
    IReadOnlyList<PassResult> Passes,
    DahdiSummary Summary,
    LatencyStats Latency,
    LatencyHistogram Histogram,
    long Ticks,
    long Wakeups,
    long MissedTicks,
    long DurationNs,
    double CpuPercent,
    double TickThreadCpuPercent,
    double? StealPercent,
    double? HostBusyPercent,
    int GcCollections,
    long AllocatedBytes,
    long ProcessAllocatedBytes,
    string? Error,
    RedundancyResult? Redundancy = null)
{
    /// <summary>Worst lateness and missed ticks per interval (<see cref="RunTimeline"/>).</summary>
    public Timeline Timeline { get; init; } = Timeline.None;

    /// <summary>Host steal per second of the run, read off the tick path.</summary>
    public StealSeries Steal { get; init; } = StealSeries.None;

    /// <summary>Stalls found by the run's detector (the latest ones when there were more than it keeps); empty without one.</summary>
    public IReadOnlyList<StallRecord> Stalls { get; init; } = [];

    /// <summary>Every stall found, including any the detector's ring no longer holds; null without a detector.</summary>
    public long? StallCount { get; init; }
}
