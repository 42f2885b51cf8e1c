using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Output;

/// <summary>The first line of `metronome test`: which source, at what rate, with which real-time settings.</summary>
internal static class RunHeaderText
{
    /// <summary>The header of a run of a tick group: its threads (<see cref="Redundancy"/>) and settings; <paramref name="auto"/>: why auto chose them.</summary>
    public static string Format(TickGroup ticks, int? spinUs, RealtimeReport rt, string? auto = null) =>
        Format(ticks.Kind, ticks.Rate, spinUs, ticks.IsRedundant ? rt with { Cpu = null } : rt, Redundancy(ticks, auto));

    /// <summary>
    /// " on CPUs 0,1 (first to wake delivers, standbys 50 us later)", or "" for one thread; with why auto
    /// chose it when it did (" (auto: …)", or "; auto: …" inside the CPUs' brackets).
    /// </summary>
    public static string Redundancy(TickGroup ticks, string? auto = null) => !ticks.IsRedundant
        ? auto is null ? "" : $" (auto: {auto})"
        : string.Create(CultureInfo.InvariantCulture,
            $" on CPUs {string.Join(",", ticks.Cpus)} (first to wake delivers{(ticks.StandbyDelayNs > 0 ? $", standbys {ticks.StandbyDelayNs / 1000} us later" : "")}{(auto is null ? "" : $"; auto: {auto}")})");

    /// <param name="threads">What <see cref="Redundancy"/> says of the tick threads.</param>
    public static string Format(TickSourceKind source, int rate, int? spinUs, RealtimeReport rt, string threads = "")
    {
        return string.Create(CultureInfo.InvariantCulture,
            $"Metronome {source.Name()} source at {rate} Hz{Spin(spinUs)}{threads} ({Settings(rt)}), measuring accuracy...");
    }

    private static string Spin(int? spinUs) => spinUs is { } s ? string.Create(CultureInfo.InvariantCulture, $", spin {s} us") : "";

    /// <summary>The real-time settings the tick thread got, as one comma-separated phrase.</summary>
    public static string Settings(RealtimeReport rt)
    {
        var parts = new List<string>
        {
            rt.Policy == SchedulingPolicy.Fifo ? $"{rt.Policy.Name()} priority {rt.Priority}" : rt.Policy.Name(),
            rt.Mlocked ? "mlockall" : "memory not locked",
        };
        if (rt.Cpu is { } cpu) parts.Add($"CPU {cpu}");
        if (rt.TimerSlackNs is { } slack) parts.Add($"timer slack {slack} ns");
        if (rt.DmaLatencyHeld) parts.Add("cpu_dma_latency 0");
        return string.Join(", ", parts);
    }
}
