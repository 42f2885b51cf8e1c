using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Comparing;

/// <summary>
/// What `metronome compare` runs: these sources, in turn, for this long, this many rounds. A redundant
/// form ("kind@all") runs standbys <paramref name="StandbyUs"/> behind the first tick thread.
/// </summary>
internal sealed record ComparisonOptions(
    IReadOnlyList<ComparedSource> Sources, int Rate, int SecondsPerRun, int Rounds, RealtimeRequest Realtime, int SpinUs, bool WithCyclictest,
    int StandbyUs = TickGroup.DefaultStandbyUs);
