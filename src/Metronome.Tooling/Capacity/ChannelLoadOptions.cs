namespace Metronome.Tooling.Capacity;

/// <param name="Device">The timer to drive (/dev/dahdi/timer).</param>
/// <param name="Channels">The steps: how many channels at once, each for <paramref name="Seconds"/>.</param>
/// <param name="RateHz">Round trips per second per channel (50: one per 20 ms frame).</param>
/// <param name="ServerPid">The server whose CPU to read; null when unknown.</param>
/// <param name="MaxP99Ns">A step is within the ceiling when every round trip was answered in order and p99 is at most this.</param>
internal sealed record ChannelLoadOptions(string Device, IReadOnlyList<int> Channels, int RateHz, int Seconds, int? ServerPid,
    long MaxP99Ns = ChannelLoadOptions.DefaultMaxP99Ns)
{
    public const long DefaultMaxP99Ns = 2_000_000;

    /// <summary>As many as the server opens (DahdiDeviceHandler.MaxChannels): each is a thread here.</summary>
    public const int MaxChannels = 1024;

    /// <summary>PING, POLL, GETEVENT, PONG.</summary>
    public const int RequestsPerRoundTrip = 4;
}
