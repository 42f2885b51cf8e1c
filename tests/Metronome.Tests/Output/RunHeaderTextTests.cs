using Metronome.Cli.Output;
using Metronome.Timing.Linux;

namespace Metronome.Tests.Output;

public class RunHeaderTextTests
{
    [Fact]
    public void Given_full_realtime_When_formatted_Then_the_first_line_names_source_rate_and_every_setting() =>
        Assert.Equal(
            "Metronome hybrid source at 1000 Hz, spin 100 us (SCHED_FIFO priority 80, mlockall, CPU 1, timer slack 0 ns, cpu_dma_latency 0), measuring accuracy...",
            RunHeaderText.Format("hybrid", 1000, 100, new RealtimeReport("SCHED_FIFO", 80, true, 1, 0, true, [])));

    [Fact]
    public void Given_no_realtime_When_formatted_Then_it_says_so() =>
        Assert.Equal(
            "Metronome timerfd source at 250 Hz (SCHED_OTHER, memory not locked), measuring accuracy...",
            RunHeaderText.Format("timerfd", 250, null, new RealtimeReport("SCHED_OTHER", 0, false, null, null, false, [])));
}
