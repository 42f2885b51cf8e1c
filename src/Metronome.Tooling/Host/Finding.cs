using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host;

/// <summary>How a finding judges its part of the host (docs/doctor.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingStatus>))]
internal enum FindingStatus
{
    [JsonStringEnumMemberName("ok")] Ok,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>One thing the doctor saw: what, why it matters for a 1 kHz telephony tick, and the fix.</summary>
/// <param name="Fix">For an unknown finding: what to run and paste so that it becomes known.</param>
internal sealed record Finding(string Id, FindingStatus Status, string Observed, string Why, string? Fix);

/// <summary>The words each status is written with: the JSON value, and the console's label.</summary>
internal static class FindingStatusText
{
    public static string Name(this FindingStatus status) => status switch
    {
        FindingStatus.Ok => "ok",
        FindingStatus.Warn => "warn",
        FindingStatus.Fail => "fail",
        _ => "unknown",
    };
}
