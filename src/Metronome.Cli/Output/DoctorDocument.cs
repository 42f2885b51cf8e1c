using Metronome.Tooling.Host;

namespace Metronome.Cli.Output;

/// <summary>The `metronome doctor --json` document; docs/json.md is its schema.</summary>
/// <param name="Subject">What was inspected: "this host", "host pbx-3, collected 2026-11-20 14:02 UTC", "pasted evidence (dmesg.txt)".</param>
/// <param name="Paste">With verdict cannot-tell: the commands whose output would let the doctor tell.</param>
/// <param name="Facts">Every known fact, flat, each with its evidence (docs/doctor.md's fact table).</param>
internal sealed record DoctorDocument(
    DoctorVerdict Verdict,
    string Subject,
    IReadOnlyList<string> Paste,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<StatedFact> Facts,
    HostFacts Host,
    IReadOnlyDictionary<string, string> Unknown,
    DoctorMeasurement? Measurement) : ResultDocument(CurrentSchemaVersion)
{
    public const int CurrentSchemaVersion = 2;
}
