using System.Text.Json.Serialization;

namespace Metronome.Cli.Report;

/// <summary>The colour of the report's verdict, in order: each is worse than the one before.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportLevel>))]
internal enum ReportLevel
{
    [JsonStringEnumMemberName("good")] Good,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("bad")] Bad,
}
