using System.Text.Json.Serialization;

namespace Metronome.Cli.Output;

/// <summary>
/// What every result document (test, compare, doctor) starts with: its schema version, then the
/// context of the run (docs/json.md, "Context"). The documents are the results' one schema: the verbs
/// write them and `metronome report` reads them back.
/// </summary>
internal abstract record ResultDocument
{
    protected ResultDocument(int schemaVersion) => SchemaVersion = schemaVersion;

    [JsonPropertyOrder(-2)] public int SchemaVersion { get; init; }

    // The context is null only in a result written before schema 2 added it.
    [JsonPropertyOrder(-1)] public DateTime? StartedAt { get; init; }
    [JsonPropertyOrder(-1)] public string? Hostname { get; init; }
    [JsonPropertyOrder(-1)] public string? Kernel { get; init; }
    [JsonPropertyOrder(-1)] public string? MetronomeVersion { get; init; }
    [JsonPropertyOrder(-1)] public string? CommandLine { get; init; }

    /// <summary>The writer's context, as the five fields above.</summary>
    [JsonIgnore]
    public RunContext Context
    {
        init => (StartedAt, Hostname, Kernel, MetronomeVersion, CommandLine) =
            (value.StartedAt, value.Hostname, value.Kernel, value.MetronomeVersion, value.CommandLine);
    }
}
