using Metronome.Tooling.Comparing;

namespace Metronome.Cli.Output;

/// <summary>The `metronome compare --json` document; docs/json.md is its schema.</summary>
internal sealed record ComparisonDocument(ComparisonResult Comparison) : ResultDocument(CurrentSchemaVersion)
{
    public const int CurrentSchemaVersion = 2;
}
