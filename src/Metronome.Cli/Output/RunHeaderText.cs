using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Output;

/// <summary>The first line of `metronome test`: which source, at what rate, with which real-time settings.</summary>
internal static class RunHeaderText
{
    /// <summary>The header of a run of a tick group: one thread as above, or its CPUs and standby delay.</summary>
    public static string Format(TickGroup ticks, int? spinUs, RealtimeReport rt) => !ticks.IsRedundant
        ? Format(ticks.Name, ticks.Rate, spinUs, rt)
        : string.Create(CultureInfo.InvariantCulture,
            $"Metronome {ticks.Name} source at {ticks.Rate} Hz{Spin(spinUs)}{Redundancy(ticks)} ({Settings(rt with { Cpu = null })}), measuring accuracy...");

    /// <summary>" on CPUs 0,1 (first to wake delivers, standbys 50 us later)", or "" for one thread.</summary>
    public static string Redundancy(TickGroup ticks) => !ticks.IsRedundant ? "" : string.Create(CultureInfo.InvariantCulture,
        $" on CPUs {string.Join(",", ticks.Cpus)} (first to wake delivers{(ticks.StandbyDelayNs > 0 ? $", standbys {ticks.StandbyDelayNs / 1000} us later" : "")})");

    public static string Format(string source, int rate, int? spinUs, RealtimeReport rt)
    {
        return string.Create(CultureInfo.InvariantCulture,
            $"Metronome {source} source at {rate} Hz{Spin(spinUs)} ({Settings(rt)}), measuring accuracy...");
    }

    private static string Spin(int? spinUs) => spinUs is { } s ? string.Create(CultureInfo.InvariantCulture, $", spin {s} us") : "";

    /// <summary>The real-time settings the tick thread got, as one comma-separated phrase.</summary>
    public static string Settings(RealtimeReport rt)
    {
        var parts = new List<string>
        {
            rt.Policy == "SCHED_FIFO" ? $"SCHED_FIFO priority {rt.Priority}" : rt.Policy,
            rt.Mlocked ? "mlockall" : "memory not locked",
        };
        if (rt.Cpu is { } cpu) parts.Add($"CPU {cpu}");
        if (rt.TimerSlackNs is { } slack) parts.Add($"timer slack {slack} ns");
        if (rt.DmaLatencyHeld) parts.Add("cpu_dma_latency 0");
        return string.Join(", ", parts);
    }
}
