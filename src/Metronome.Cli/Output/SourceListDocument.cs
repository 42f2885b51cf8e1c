using Metronome.Timing.Sources;

namespace Metronome.Cli.Output;

/// <summary>The `metronome sources --json` document.</summary>
internal sealed record SourceListDocument(IReadOnlyList<SourceDocument> Sources);

internal sealed record SourceDocument(TickSourceKind Name, string Description, bool Available, string? Reason);
