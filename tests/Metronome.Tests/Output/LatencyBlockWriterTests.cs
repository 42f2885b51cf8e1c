using Metronome.Cli.Output;
using Metronome.Linux;
using Metronome.Measuring;

namespace Metronome.Tests.Output;

public class LatencyBlockWriterTests
{
    [Fact]
    public void Given_a_result_When_written_Then_the_block_follows_a_blank_line_in_cyclictest_units()
    {
        var histogram = new LatencyHistogram(10);
        var result = new RunResult("timerfd", 1000,
            new RealtimeReport("SCHED_FIFO", 80, true, null, 0, true, []),
            [], DahdiSummary.From([]),
            new LatencyStats(6_400, 14_999, 5_500_000, 12_000, 15_000, 33_000, 120_000, 5_500_000, 0),
            histogram, Ticks: 30720, Wakeups: 30718, MissedTicks: 2, DurationNs: 30_720_000_000,
            CpuPercent: 1.234, TickThreadCpuPercent: 1.0, StealPercent: 0.5, HostBusyPercent: 12.0, GcCollections: 0,
            AllocatedBytes: 0, ProcessAllocatedBytes: 4096, Error: null);

        var text = new StringWriter();
        LatencyBlockWriter.Write(text, result);

        Assert.Equal(
            "\n" +
            "Latency (us): Min:      6 Avg:   14 Max:    5500\n" +
            "Percentiles (us): p50:12 p90:15 p99:33 p99.9:120 p99.99:5500\n" +
            "Ticks: 30720 scheduled, 30718 wake-ups, 2 missed\n" +
            "CPU: 1.23% of a core (tick thread 1.00%)  Steal: 0.50%  GC: 0 collections, 0 bytes allocated on the tick path\n",
            text.ToString());
    }
}
