using Metronome.Linux;

namespace Metronome.Comparing;

/// <summary>What `metronome compare` runs: these sources, in turn, for this long, this many rounds.</summary>
public sealed record ComparisonOptions(
    IReadOnlyList<string> Sources, int Rate, int SecondsPerRun, int Rounds, RealtimeRequest Realtime, int SpinUs, bool WithCyclictest);
