using Metronome.Cli.Output;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Tests.Output;

public class LatencyBlockWriterTests
{
    private static readonly RunResult Result =
        new(TickSourceKind.TimerFd, 1000,
            new RealtimeReport(SchedulingPolicy.Fifo, 80, true, null, 0, true, []),
            [], DahdiSummary.From([]),
            new LatencyStats(6_400, 14_999, 5_500_000, 12_000, 15_000, 33_000, 120_000, 5_500_000, 0),
            new LatencyHistogram(10), Ticks: 30720, Wakeups: 30718, MissedTicks: 2, DurationNs: 30_720_000_000,
            CpuPercent: 1.234, TickThreadCpuPercent: 1.0, StealPercent: 0.5, HostBusyPercent: 12.0, GcCollections: 0,
            AllocatedBytes: 0, ProcessAllocatedBytes: 4096, Error: null);

    [Fact]
    public void Given_a_result_When_written_Then_the_block_follows_a_blank_line_in_cyclictest_units()
    {
        var text = new StringWriter();
        LatencyBlockWriter.Write(text, Result);

        Assert.Equal(
            "\n" +
            "Latency (us): Min:      6 Avg:   14 Max:    5500\n" +
            "Percentiles (us): p50:12 p90:15 p99:33 p99.9:120 p99.99:5500\n" +
            "Ticks: 30720 scheduled, 30718 wake-ups, 2 missed\n" +
            "CPU: 1.23% of a core (tick thread 1.00%)  Steal: 0.50%  GC: 0 collections, 0 bytes allocated on the tick path\n",
            text.ToString());
    }

    [Fact]
    public void Given_a_run_under_load_When_the_load_line_is_written_Then_it_gives_the_level_reached_and_steal()
    {
        var text = new StringWriter();
        LatencyBlockWriter.WriteLoad(text, "cpu=2", Result);

        Assert.Equal("Load: cpu=2 (host CPU busy 12.0%, steal 0.50%)\n", text.ToString());
    }

    [Fact]
    public void Given_no_proc_stat_When_the_load_line_is_written_Then_the_figures_say_unknown()
    {
        var text = new StringWriter();
        LatencyBlockWriter.WriteLoad(text, "stress-ng --cpu 2", Result with { HostBusyPercent = null, StealPercent = null });

        Assert.Equal("Load: stress-ng --cpu 2 (host CPU busy unknown, steal unknown)\n", text.ToString());
    }
}
