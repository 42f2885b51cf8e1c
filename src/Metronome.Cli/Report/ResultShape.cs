using System.Text.Json;

namespace Metronome.Cli.Report;

/// <summary>
/// The fields that tell a saved result's kind and version, each present or not (docs/json.md, "What
/// `metronome report` reads"): `comparison` is a compare result; `verdict` and `findings` a doctor
/// result; `source` and `summary` a test result.
/// </summary>
internal sealed record ResultShape(
    JsonElement? SchemaVersion, JsonElement? Comparison, JsonElement? Verdict, JsonElement? Findings, JsonElement? Source, JsonElement? Summary)
{
    /// <summary>The schema version, when it is a whole number.</summary>
    public int? Version => SchemaVersion is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int version) ? version : null;

    public ResultKind? Kind =>
        Comparison is { ValueKind: JsonValueKind.Object } ? ResultKind.Compare
        : Verdict is not null && Findings is not null ? ResultKind.Doctor
        : Source is not null && Summary is not null ? ResultKind.Test
        : null;
}
