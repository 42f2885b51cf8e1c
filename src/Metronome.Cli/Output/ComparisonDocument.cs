using Metronome.Tooling.Comparing;

namespace Metronome.Cli.Output;

/// <summary>The `metronome compare --json` document; docs/json.md is its schema.</summary>
internal sealed record ComparisonDocument(RunContext Context, ComparisonResult Comparison) : ResultDocument(CurrentSchemaVersion, Context)
{
    public const int CurrentSchemaVersion = 2;
}
