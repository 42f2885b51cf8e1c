namespace Metronome.Timing.Sources;

/// <summary>One row of `metronome sources`: a source, whether it opens here, and if not, why.</summary>
internal sealed record TickSourceInfo(TickSourceKind Kind, string Description, bool Available, string? Reason);
