using Metronome.Linux;

namespace Metronome.Measuring;

/// <summary>
/// How long and how a run goes; with neither limit it runs until <see cref="TickRun.RequestStop"/>. The
/// rate is the source's own: the run follows the schedule the source starts.
/// </summary>
public sealed record TickRunOptions(
    RealtimeRequest Realtime,
    int? MaxPasses = null,
    TimeSpan? Duration = null);
