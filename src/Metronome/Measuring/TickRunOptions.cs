using Metronome.Linux;

namespace Metronome.Measuring;

/// <summary>How long and how a run goes; with neither limit it runs until <see cref="TickRun.RequestStop"/>.</summary>
public sealed record TickRunOptions(
    int Rate,
    RealtimeRequest Realtime,
    int? MaxPasses = null,
    TimeSpan? Duration = null,
    int HistogramBuckets = LatencyHistogram.DefaultBuckets);
