using Metronome.Tooling.Measuring;

namespace Metronome.Tests.Measuring;

/// <summary>`auto`'s choice between one tick thread and one per CPU, on scripted probes.</summary>
public class AutoRedundancyTests
{
    private const int Rate = 1000;
    private const double Seconds = 2;

    /// <summary>A thread of a 2 s probe, 20 us late on every tick but 3 ms late (4 ticks at once) at <paramref name="stalls"/>.</summary>
    private static Wakeup[] Thread(params int[] stalls)
    {
        var wakeups = new List<Wakeup>();
        for (long tick = 1; tick <= Seconds * Rate;)
        {
            bool stalled = stalls.Contains((int)tick);
            var w = new Wakeup(tick, stalled ? 4 : 1, stalled ? 3_000_000 : 20_000);
            wakeups.Add(w);
            tick += w.Elapsed;
        }
        return [.. wakeups];
    }

    private static int[] Every(int first, int step, int count) => [.. Enumerable.Range(0, count).Select(i => first + i * step)];

    [Fact]
    public void Given_stalls_of_one_cpu_at_a_time_When_counted_Then_the_first_of_two_is_late_only_where_both_were()
    {
        var evidence = StallEvidence.From(Rate, Seconds, [Thread(101, 501, 901), Thread(301, 901)]);

        Assert.Equal([3, 2], evidence.LatePerThread);
        Assert.Equal(1, evidence.LateFirstOfN);
        Assert.Equal(1.25, evidence.OneThreadPerSecond);
        Assert.Equal(0.5, evidence.FirstOfNPerSecond);
    }

    [Fact]
    public void Given_a_host_whose_cpus_stall_often_and_apart_When_decided_Then_auto_ticks_from_every_allowed_cpu()
    {
        // The guest whose hypervisor stops vCPUs: each thread stalled 5 times a second, together once in 2 s.
        var evidence = StallEvidence.From(Rate, Seconds, [Thread([.. Every(11, 200, 10)]), Thread([.. Every(111, 200, 9), 11])]);

        var choice = AutoRedundancy.Decide(evidence, [0, 1]);

        Assert.Equal([0, 1], choice.Cpus);
        Assert.Equal("a 2 s probe found 5.0 stalls a second on one thread, 0.5 on the first of 2", choice.Why);
    }

    [Fact]
    public void Given_a_quiet_host_When_decided_Then_auto_stays_on_one_thread_and_says_from_what_rate_it_would_not()
    {
        var evidence = StallEvidence.From(Rate, Seconds, [Thread(701, 1501), Thread()]);

        var choice = AutoRedundancy.Decide(evidence, [0, 1]);

        Assert.Null(choice.Cpus);
        Assert.Equal("one thread: a 2 s probe found 0.5 stalls a second on one thread, one per CPU pays from 1.0", choice.Why);
    }

    [Fact]
    public void Given_stalls_that_stop_every_cpu_at_once_When_decided_Then_auto_stays_on_one_thread()
    {
        var together = Every(51, 250, 8);
        var evidence = StallEvidence.From(Rate, Seconds, [Thread(together), Thread(together)]);

        var choice = AutoRedundancy.Decide(evidence, [0, 1]);

        Assert.Null(choice.Cpus);
        Assert.Equal("one thread: a 2 s probe found 4.0 stalls a second on one thread, 4.0 on the first of 2, as every CPU stalled at once", choice.Why);
    }

    [Fact]
    public void Given_one_allowed_cpu_When_decided_Then_there_is_nothing_to_probe()
    {
        var choice = AutoRedundancy.Decide(null, [3]);

        Assert.Null(choice.Cpus);
        Assert.Equal("one thread: this process may use one CPU", choice.Why);
    }
}
