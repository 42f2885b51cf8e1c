using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Comparing;

/// <summary>
/// What `metronome compare` runs: these sources, in turn, for this long, this many rounds. A source named
/// "kind@all" is the redundant form: one tick thread per CPU the process may use, standbys
/// <paramref name="StandbyUs"/> behind the first.
/// </summary>
internal sealed record ComparisonOptions(
    IReadOnlyList<string> Sources, int Rate, int SecondsPerRun, int Rounds, RealtimeRequest Realtime, int SpinUs, bool WithCyclictest,
    int StandbyUs = TickGroup.DefaultStandbyUs);
