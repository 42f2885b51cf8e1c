using System.Globalization;
using Metronome.Linux;

namespace Metronome.Cli.Output;

/// <summary>The first line of `metronome test`: which source, at what rate, with which real-time settings.</summary>
internal static class RunHeaderText
{
    public static string Format(string source, int rate, int? spinUs, RealtimeReport rt)
    {
        string spin = spinUs is { } s ? string.Create(CultureInfo.InvariantCulture, $", spin {s} us") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Metronome {source} source at {rate} Hz{spin} ({Settings(rt)}), measuring accuracy...");
    }

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
