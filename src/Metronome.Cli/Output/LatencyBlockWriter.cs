using System.Globalization;
using Metronome.Tooling.Measuring;

namespace Metronome.Cli.Output;

/// <summary>
/// The statistics dahdi_test never had, after its summary: cyclictest-style Min/Avg/Max in µs, the
/// percentiles, ticks and missed ticks, and what the run cost.
/// </summary>
internal static class LatencyBlockWriter
{
    public static void Write(TextWriter output, RunResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var l = r.Latency;
        output.Write('\n');
        output.Write(string.Format(c, "Latency (us): Min:{0,7} Avg:{1,5} Max:{2,8}\n", Us(l.MinNs), Us(l.AvgNs), Us(l.MaxNs)));
        output.Write(string.Format(c, "Percentiles (us): p50:{0} p90:{1} p99:{2} p99.9:{3} p99.99:{4}\n",
            Us(l.P50Ns), Us(l.P90Ns), Us(l.P99Ns), Us(l.P999Ns), Us(l.P9999Ns)));
        output.Write(string.Format(c, "Ticks: {0} scheduled, {1} wake-ups, {2} missed\n", r.Ticks, r.Wakeups, r.MissedTicks));
        output.Write(string.Format(c, "CPU: {0:F2}% of a core (tick thread {1:F2}%)  Steal: {2}  GC: {3} collections, {4} bytes allocated on the tick path\n",
            r.CpuPercent, r.TickThreadCpuPercent, PercentText.Format(r.StealPercent, "F2"), r.GcCollections, r.AllocatedBytes));
        if (r.Redundancy is { } red) WriteRedundancy(output, red);
    }

    /// <summary>"Tick threads: CPU 0 delivered 99.12% of ticks (1.10% CPU), CPU 1 0.88% (0.97% CPU); 57 handoffs".</summary>
    public static void WriteRedundancy(TextWriter output, RedundancyResult red)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = red.Threads.Select((t, i) => string.Format(c, i == 0 ? "CPU {0} delivered {1:F2}% of ticks ({2:F2}% CPU)" : "CPU {0} {1:F2}% ({2:F2}% CPU)",
            t.Cpu?.ToString(c) ?? "?", t.TickSharePercent, t.CpuPercent));
        output.Write(string.Format(c, "Tick threads: {0}; {1} handoffs\n", string.Join(", ", parts), red.Handoffs));
    }

    /// <summary>"Load: cpu=2 (host CPU busy 97.1%, steal 0.24%)": the load asked for and the level it reached.</summary>
    public static void WriteLoad(TextWriter output, string load, RunResult r) =>
        output.Write($"Load: {load} (host CPU busy {PercentText.Format(r.HostBusyPercent, "F1")}, steal {PercentText.Format(r.StealPercent, "F2")})\n");

    // Truncated toward zero, as cyclictest turns nanoseconds into microseconds.
    private static long Us(long ns) => ns / 1000;
}
