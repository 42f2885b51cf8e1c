using Metronome.Comparing;

namespace Metronome.Cli.Output;

/// <summary>The `metronome compare --json` document; docs/json.md is its schema.</summary>
internal sealed record ComparisonDocument(int SchemaVersion, ComparisonResult Comparison)
{
    public const int CurrentSchemaVersion = 1;
}
