using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// How long and how a run goes; with neither limit it runs until <see cref="TickRun.RequestStop"/>. The
/// rate is the source's own: the run follows the schedule the source starts. <see cref="BoundedPasses"/>
/// keeps only the last 4096 passes (bounded memory for runs that never end). With <see cref="Stalls"/>
/// the run finds and attributes stalls (it attaches the detector to the tick thread and samples its baseline).
/// </summary>
internal sealed record TickRunOptions(
    RealtimeRequest Realtime,
    int? MaxPasses = null,
    TimeSpan? Duration = null,
    StallDetector? Stalls = null,
    bool BoundedPasses = false);
