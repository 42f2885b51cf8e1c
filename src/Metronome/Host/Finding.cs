namespace Metronome.Host;

/// <summary>One thing the doctor saw: what, why it matters for a 1 kHz telephony tick, and the fix.</summary>
/// <param name="Status">"ok", "warn", "fail" or "unknown".</param>
public sealed record Finding(string Id, string Status, string Observed, string Why, string? Fix)
{
    public const string Ok = "ok", Warn = "warn", Fail = "fail", Unknown = "unknown";
}
