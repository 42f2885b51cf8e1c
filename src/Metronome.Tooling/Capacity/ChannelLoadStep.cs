namespace Metronome.Tooling.Capacity;

/// <summary>One step of a channel load: <paramref name="Channels"/> channels driven at once.</summary>
/// <param name="Asked">Round trips the channels' slots asked for.</param>
/// <param name="Done">Round trips completed in order.</param>
/// <param name="ServerCpuPercent">The server's CPU over the step, in percent of one CPU; null when the server is unknown.</param>
internal sealed record ChannelLoadStep(int Channels, int RateHz, double Seconds, long Asked, long Done, long Errors, string? FirstError,
    long P50Ns, long P99Ns, long MaxNs, double? ServerCpuPercent)
{
    public long Requests => Done * ChannelLoadOptions.RequestsPerRoundTrip;

    /// <summary>The server's CPU per request served, in ns; null when its CPU is unknown or nothing was served.</summary>
    public double? CpuPerRequestNs => ServerCpuPercent is { } cpu && Requests > 0 ? cpu / 100 * Seconds * 1e9 / Requests : null;

    /// <summary>Every round trip answered, in DAHDI's order, with p99 within the bound.</summary>
    public bool Within(long maxP99Ns) => Done == Asked && Errors == 0 && P99Ns <= maxP99Ns;
}
