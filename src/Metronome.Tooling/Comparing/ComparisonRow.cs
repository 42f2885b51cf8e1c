using System.Text.Json.Serialization;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Comparing;

/// <summary>One source (or peer) pooled over every round it ran. Null where the tool cannot tell.</summary>
/// <param name="CpuPercent">Of one core: the tick thread for our sources, the whole process for a peer.</param>
internal sealed record ComparisonRow(
    string Name, bool IsPeer, int Rounds,
    long P50Ns, long P99Ns, long P999Ns, long MaxNs,
    long? MissedTicks, double? DahdiAverage, double? DahdiWorst,
    double CpuPercent, long? AllocatedBytes, string? Error)
{
    /// <summary>Which of our sources the row measured; null for a peer. Not saved: results name it by <see cref="Name"/>.</summary>
    [JsonIgnore]
    public TickSourceKind? Kind { get; init; }

    /// <summary>1 for the best of our sources; null for peers and failed sources.</summary>
    public int? Rank { get; init; }

    /// <summary>Every round pooled: the 1 µs histogram (non-empty bins), for the report's curves.</summary>
    public SparseHistogram? Histogram { get; init; }

    /// <summary>dahdi-style pass scores of every round, in order.</summary>
    public IReadOnlyList<double> PassScores { get; init; } = [];

    /// <summary>Each round's time series; empty for a peer.</summary>
    public IReadOnlyList<ComparisonRun> Runs { get; init; } = [];
}

/// <summary>One round of one source: its time series, the host's steal while it ran, and its stalls.</summary>
internal sealed record ComparisonRun(int Round, Timeline Timeline, StealSeries Steal, IReadOnlyList<StallRecord> Stalls);
