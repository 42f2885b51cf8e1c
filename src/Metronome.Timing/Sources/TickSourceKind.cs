using System.Text.Json.Serialization;

namespace Metronome.Timing.Sources;

/// <summary>The tick sources: what `--source` takes, and what results and JSON name (<see cref="TickSourceKinds"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TickSourceKind>))]
internal enum TickSourceKind
{
    /// <summary>Not a source: the best one that opens here (see <see cref="TickSourceRegistry"/>).</summary>
    [JsonStringEnumMemberName(TickSourceKinds.AutoName)] Auto,
    [JsonStringEnumMemberName(TickSourceKinds.TimerFdName)] TimerFd,
    [JsonStringEnumMemberName(TickSourceKinds.NanosleepName)] Nanosleep,
    [JsonStringEnumMemberName(TickSourceKinds.HybridName)] Hybrid,
    [JsonStringEnumMemberName(TickSourceKinds.DotnetName)] Dotnet,
    [JsonStringEnumMemberName(TickSourceKinds.DahdiName)] Dahdi,
}
