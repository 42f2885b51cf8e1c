using Metronome.Host;

namespace Metronome.Cli.Output;

/// <summary>The `metronome doctor --json` document; docs/json.md is its schema.</summary>
internal sealed record DoctorDocument(
    RunContext Context,
    string Verdict,
    IReadOnlyList<Finding> Findings,
    HostFacts Host,
    IReadOnlyDictionary<string, string> Unknown,
    DoctorMeasurement? Measurement) : ResultDocument(CurrentSchemaVersion, Context)
{
    public const int CurrentSchemaVersion = 2;
}
