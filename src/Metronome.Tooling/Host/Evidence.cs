namespace Metronome.Tooling.Host;

/// <summary>
/// Where a fact was read: a file (live "/proc/timer_list", a snapshot's "proc/timer_list", or a pasted
/// "dmesg.txt"), the line number and its text when it came from one line, or a live call such as
/// "live: clock_getres(CLOCK_MONOTONIC)".
/// </summary>
internal sealed record Evidence(string Source, int? Line = null, string? Text = null)
{
    public override string ToString() => Line is { } n ? $"{Source}:{n}: {Text}" : Text is null ? Source : $"{Source}: {Text}";
}
