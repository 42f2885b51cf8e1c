using Metronome.Cli.Output;
using Metronome.Tests.Fakes;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Output;

public class RunHeaderTextTests
{
    [Fact]
    public void Given_full_realtime_When_formatted_Then_the_first_line_names_source_rate_and_every_setting() =>
        Assert.Equal(
            "Metronome hybrid source at 1000 Hz, spin 100 us (SCHED_FIFO priority 80, mlockall, CPU 1, timer slack 0 ns, cpu_dma_latency 0), measuring accuracy...",
            RunHeaderText.Format(TickSourceKind.Hybrid, 1000, 100, new RealtimeReport(SchedulingPolicy.Fifo, 80, true, 1, 0, true, [])));

    [Fact]
    public void Given_no_realtime_When_formatted_Then_it_says_so() =>
        Assert.Equal(
            "Metronome timerfd source at 250 Hz (SCHED_OTHER, memory not locked), measuring accuracy...",
            RunHeaderText.Format(TickSourceKind.TimerFd, 250, null, new RealtimeReport(SchedulingPolicy.Other, 0, false, null, null, false, [])));

    private static readonly RealtimeReport Fifo = new(SchedulingPolicy.Fifo, 80, true, 0, 0, true, []);

    [Fact]
    public void Given_auto_chose_one_thread_When_formatted_Then_the_first_line_says_why()
    {
        using var one = TickGroup.One(new ScriptedSource(new ScriptedClock(), ScriptedSource.Periodic(1_000_000)), 0);

        Assert.Equal(
            "Metronome nanosleep source at 1000 Hz (auto: one thread: a 2 s probe found 0.5 stalls a second on one thread, one per CPU pays from 1.0) "
            + "(SCHED_FIFO priority 80, mlockall, CPU 0, timer slack 0 ns, cpu_dma_latency 0), measuring accuracy...",
            RunHeaderText.Format(one, null, Fifo, "one thread: a 2 s probe found 0.5 stalls a second on one thread, one per CPU pays from 1.0"));
    }

    [Fact]
    public void Given_auto_chose_a_thread_per_cpu_When_formatted_Then_the_cpus_and_why_are_in_one_bracket()
    {
        var clock = new ScriptedClock();
        using var two = TickGroup.Of([new ScriptedSource(clock, ScriptedSource.Periodic(1_000_000)), new ScriptedSource(clock, ScriptedSource.Periodic(1_000_000))], [0, 1], 50_000, clock);

        Assert.Equal(
            "Metronome nanosleep source at 1000 Hz on CPUs 0,1 (first to wake delivers, standbys 50 us later; auto: a 2 s probe found 2.5 stalls a second on one thread, 0.5 on the first of 2) "
            + "(SCHED_FIFO priority 80, mlockall, timer slack 0 ns, cpu_dma_latency 0), measuring accuracy...",
            RunHeaderText.Format(two, null, Fifo, "a 2 s probe found 2.5 stalls a second on one thread, 0.5 on the first of 2"));
    }
}
