using Metronome.Host;

namespace Metronome.Cli.Output;

/// <summary>The `metronome doctor --json` document; docs/json.md is its schema.</summary>
internal sealed record DoctorDocument(
    int SchemaVersion,
    string Verdict,
    IReadOnlyList<Finding> Findings,
    HostFacts Host,
    IReadOnlyDictionary<string, string> Unknown,
    DoctorMeasurement? Measurement)
{
    public const int CurrentSchemaVersion = 1;
}
