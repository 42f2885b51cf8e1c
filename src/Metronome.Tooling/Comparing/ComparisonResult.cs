using Metronome.Timing.Linux;

namespace Metronome.Tooling.Comparing;

/// <summary>Everything `metronome compare` measured, ranked, with the recommendation and any notes.</summary>
internal sealed record ComparisonResult(
    int Rate, double SecondsPerRun, int Rounds, SchedulingPolicy Policy, string? Load,
    double? HostBusyPercent, double? StealPercent,
    IReadOnlyList<ComparisonRow> Rows, string Recommendation, IReadOnlyList<string> Notes);
