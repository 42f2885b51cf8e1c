using System.Globalization;
using Metronome.Measuring;

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
    }

    /// <summary>"Load: cpu=2 (host CPU busy 97.1%, steal 0.24%)": the load asked for and the level it reached.</summary>
    public static void WriteLoad(TextWriter output, string load, RunResult r) =>
        output.Write($"Load: {load} (host CPU busy {PercentText.Format(r.HostBusyPercent, "F1")}, steal {PercentText.Format(r.StealPercent, "F2")})\n");

    // Truncated toward zero, as cyclictest turns nanoseconds into microseconds.
    private static long Us(long ns) => ns / 1000;
}
