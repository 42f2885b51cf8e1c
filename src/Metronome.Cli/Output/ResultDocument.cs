using System.Text.Json.Serialization;

namespace Metronome.Cli.Output;

/// <summary>
/// What every result document (test, compare, doctor) starts with: its schema version, then the
/// context of the run (docs/json.md, "Context").
/// </summary>
internal abstract record ResultDocument([property: JsonPropertyOrder(-2)] int SchemaVersion, [property: JsonIgnore] RunContext Context)
{
    [JsonPropertyOrder(-1)] public DateTime StartedAt => Context.StartedAt;
    [JsonPropertyOrder(-1)] public string Hostname => Context.Hostname;
    [JsonPropertyOrder(-1)] public string Kernel => Context.Kernel;
    [JsonPropertyOrder(-1)] public string MetronomeVersion => Context.MetronomeVersion;
    [JsonPropertyOrder(-1)] public string CommandLine => Context.CommandLine;
}
