using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Measuring.Stalls;

public class StallDetectorTests
{
    private const long Ms = 1_000_000;
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private sealed class FixedWallClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static (StallDetector Detector, ScriptedStallEvidence Proc, ScriptedClock Clock) Create(long thresholdNs = Ms, int capacity = 16)
    {
        var proc = new ScriptedStallEvidence { Cpu = 1 };
        proc.SetSchedstat(5_000_000, 200_000, 100);
        proc.SetSteal(40, 70);
        var clock = new ScriptedClock();
        var detector = new StallDetector(thresholdNs, proc, clock, new FixedWallClock(Noon), capacity, userHz: 100, cpus: 2);
        detector.Attach();
        return (detector, proc, clock);
    }

    [Fact]
    public void Given_an_ordinary_tick_When_observed_Then_no_evidence_is_read_and_nothing_is_recorded()
    {
        var (detector, proc, _) = Create();
        int readsAfterAttach = proc.Reads;

        Assert.False(detector.OnWake(tick: 10, latenessNs: 999_999, missedTicks: 0));
        Assert.False(detector.OnWake(tick: 11, latenessNs: Ms, missedTicks: 0));

        Assert.Equal(readsAfterAttach, proc.Reads);
        Assert.Equal(0, detector.Count);
    }

    [Fact]
    public void Given_run_delay_that_grew_by_most_of_the_lateness_When_a_stall_is_seen_Then_it_is_a_runqueue_stall_with_its_numbers()
    {
        var (detector, proc, clock) = Create();
        clock.Now += 3 * Ms;
        proc.SetSchedstat(5_100_000, 200_000 + 2_600_000, 101);

        Assert.True(detector.OnWake(tick: 42, latenessNs: 3 * Ms, missedTicks: 2));

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal(new Stall(Noon, 42, 3 * Ms, 2, 1, StallCause.Runqueue, 2_600_000, 0, 3 * Ms), stall);
        Assert.Equal(1, detector.CountOf(StallCause.Runqueue));
    }

    [Fact]
    public void Given_steal_rising_on_the_stalls_CPU_and_no_run_delay_When_a_stall_is_seen_Then_it_is_a_steal_stall()
    {
        var (detector, proc, clock) = Create();
        clock.Now += 12 * Ms;
        proc.SetSchedstat(5_100_000, 210_000, 101);
        proc.SetSteal(40, 71);

        detector.OnWake(tick: 7, latenessNs: 8 * Ms, missedTicks: 7);

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal(StallCause.Steal, stall.Cause);
        Assert.Equal(10 * Ms, stall.StealNs);
        Assert.Equal(10_000, stall.RunDelayNs);
        Assert.Equal(1, stall.Cpu);
    }

    [Fact]
    public void Given_steal_rising_on_another_CPU_only_When_a_stall_is_seen_Then_it_stays_unexplained_with_its_numbers_kept()
    {
        var (detector, proc, clock) = Create();
        clock.Now += 5 * Ms;
        proc.SetSchedstat(5_100_000, 300_000, 101);
        proc.SetSteal(45, 70);

        detector.OnWake(tick: 7, latenessNs: 2 * Ms, missedTicks: 1);

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal(StallCause.Unexplained, stall.Cause);
        Assert.Equal(100_000, stall.RunDelayNs);
        Assert.Equal(0, stall.StealNs);
        Assert.Equal(5 * Ms, stall.WindowNs);
    }

    [Fact]
    public void Given_an_unknown_CPU_When_steal_rose_in_the_aggregate_line_Then_the_aggregate_is_used()
    {
        var (detector, proc, _) = Create();
        proc.Cpu = -1;
        proc.SetSteal(42, 70);

        detector.OnWake(tick: 3, latenessNs: 2 * Ms, missedTicks: 0);

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal(StallCause.Steal, stall.Cause);
        Assert.Equal(20 * Ms, stall.StealNs);
    }

    [Fact]
    public void Given_ordinary_wakeups_that_each_wait_When_sampled_Then_their_run_delay_is_not_taken_for_a_stall()
    {
        // SCHED_OTHER: every wake-up waits ~80 µs. 1000 ordinary wake-ups add 80 ms of run delay, far
        // more than the 2 ms stall that follows; the per-slice rate learnt by sampling takes them off.
        var (detector, proc, clock) = Create();
        clock.Now += 1000 * Ms;
        proc.SetSchedstat(9_000_000, 200_000 + 1000 * 80_000, 1100);
        detector.Sample();
        Assert.Equal(80_000, detector.NormalRunDelayPerSliceNs, precision: 6);

        clock.Now += 500 * Ms;
        proc.SetSchedstat(9_500_000, 200_000 + 1500 * 80_000 + 100_000, 1601);
        detector.OnWake(tick: 1500, latenessNs: 2 * Ms, missedTicks: 1);

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal(StallCause.Unexplained, stall.Cause);
        Assert.Equal(100_000, stall.RunDelayNs);
        Assert.Equal(500 * Ms, stall.WindowNs);
    }

    [Fact]
    public void Given_a_stall_When_the_next_one_comes_Then_its_window_starts_at_the_first()
    {
        var (detector, proc, clock) = Create();
        clock.Now += 2 * Ms;
        proc.SetSchedstat(5_100_000, 2_200_000, 101);
        detector.OnWake(1, 2 * Ms, 1);
        clock.Now += 4 * Ms;
        proc.SetSchedstat(5_200_000, 2_250_000, 103);
        proc.SetSteal(40, 72);
        detector.OnWake(5, 3 * Ms, 2);

        Assert.True(detector.TryGet(1, out var second));
        Assert.Equal(4 * Ms, second.WindowNs);
        Assert.Equal(StallCause.Steal, second.Cause);
        Assert.Equal(50_000, second.RunDelayNs);
    }

    [Fact]
    public void Given_missing_schedstat_When_a_stall_is_seen_Then_run_delay_is_unknown_and_it_cannot_be_runqueue()
    {
        var (detector, proc, _) = Create();
        proc.SetSchedstatText(null);
        proc.SetStatText(null);

        detector.OnWake(1, 5 * Ms, 4);

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal((StallCause.Unexplained, -1L, -1L), (stall.Cause, stall.RunDelayNs, stall.StealNs));
    }

    [Fact]
    public void Given_a_tick_within_the_threshold_that_missed_ticks_When_observed_Then_it_is_a_stall()
    {
        var (detector, _, _) = Create(thresholdNs: 5 * Ms);

        Assert.True(detector.OnWake(9, 1_200_000, 1));
        Assert.Equal(1, detector.Count);
    }

    [Fact]
    public void Given_more_stalls_than_the_ring_holds_When_read_Then_the_oldest_are_gone_and_the_counts_are_whole()
    {
        var (detector, _, _) = Create(capacity: 4);
        for (int i = 1; i <= 6; i++) detector.OnWake(i, 2 * Ms, 1);

        Assert.Equal(6, detector.Count);
        Assert.Equal(3, detector.OldestAvailable);
        Assert.False(detector.TryGet(2, out _));
        Assert.True(detector.TryGet(5, out var last));
        Assert.Equal(6, last.Tick);
        Assert.False(detector.TryGet(6, out _));
        Assert.Equal(6, StallCauses.All.Sum(detector.CountOf));
    }

    [Fact]
    public void Given_a_collection_in_the_window_and_no_run_delay_or_steal_When_a_stall_is_seen_Then_it_is_a_gc_stall()
    {
        var (detector, proc, _) = Create();
        proc.Collections = 2;

        detector.OnWake(tick: 9, latenessNs: 400 * Ms, missedTicks: 0);

        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal((StallCause.Gc, 2), (stall.Cause, stall.GcCollections));
    }

    [Theory]
    [InlineData(2_000_000, 1_000_000, 0, StallCause.Runqueue)]
    [InlineData(2_000_000, 999_999, 10_000_000, StallCause.Steal)]
    [InlineData(2_000_000, 999_999, 0, StallCause.Unexplained)]
    [InlineData(2_000_000, -1, -1, StallCause.Unexplained)]
    [InlineData(2_000_000, 1_500_000, 10_000_000, StallCause.Runqueue)]
    public void Attribution_rule(long lateness, long runDelay, long steal, object expected) =>
        Assert.Equal((StallCause)expected, StallDetector.Attribute(lateness, runDelay, steal));

    [Theory]
    [InlineData(1_500_000, 0, StallCause.Runqueue)]
    [InlineData(0, 10_000_000, StallCause.Steal)]
    [InlineData(0, 0, StallCause.Gc)]
    public void A_collection_explains_a_stall_only_when_run_delay_and_steal_do_not(long runDelay, long steal, object expected) =>
        Assert.Equal((StallCause)expected, StallDetector.Attribute(2_000_000, runDelay, steal, gcCollections: 1));

    [Fact]
    public void Given_a_recorder_with_a_detector_When_a_scripted_run_has_a_5_ms_stall_Then_it_is_recorded_once_at_its_tick()
    {
        var (detector, proc, _) = Create();
        proc.SetSchedstat(5_100_000, 200_000 + 5_000_000, 101);
        var clock = new ScriptedClock(Scripted.Origin);
        // Wake-up 100 comes 5.02 ms late and reports the 6 deadlines it passed.
        var source = new ScriptedSource(clock, (n, origin) => n < 100 ? (origin + n * Ms, 1) : n == 100 ? (origin + 105 * Ms + 20_000, 6) : (origin + (n + 5) * Ms, 1));
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000)) { Stalls = detector };
        source.Start(Scripted.Origin);
        for (int i = 0; i < 200; i++) recorder.OnWake(source.WaitTick(), clock.NowNs());

        Assert.Equal(1, detector.Count);
        Assert.True(detector.TryGet(0, out var stall));
        Assert.Equal((100L, 5_020_000L, 5L, StallCause.Runqueue), (stall.Tick, stall.LatenessNs, stall.MissedTicks, stall.Cause));
    }

    [Fact]
    public void Given_ordinary_ticks_and_stalls_When_observed_Then_neither_path_allocates()
    {
        var (detector, proc, _) = Create(capacity: 64);
        detector.OnWake(1, 2 * Ms, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) detector.OnWake(i, 20_000, 0);
        for (int i = 0; i < 100; i++) detector.OnWake(i, 2 * Ms, 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(101, detector.Count);
        Assert.True(proc.Reads > 200);
    }

    [Fact]
    public void Given_the_sampler_stopped_in_the_middle_of_its_reading_When_a_stall_comes_Then_the_tick_thread_records_it_without_waiting()
    {
        var proc = new ScriptedStallEvidence { Cpu = 1 };
        proc.SetSchedstat(5_000_000, 200_000, 100);
        proc.SetSteal(40, 70);
        using var stalledSampler = new StalledSamplerEvidence(proc);
        var detector = new StallDetector(Ms, stalledSampler, new ScriptedClock(), new FixedWallClock(Noon), 16, userHz: 100, cpus: 2);
        detector.Attach();
        stalledSampler.StallNextRead();
        var sampler = new Thread(detector.Sample);
        sampler.Start();
        Assert.True(stalledSampler.Stalled.Wait(TimeSpan.FromSeconds(30)), "the sampler never read");

        // The tick thread: before, it waited on the gate the stopped sampler held, for as long as it was stopped.
        var tick = new Thread(() => detector.OnWake(tick: 7, latenessNs: 2 * Ms, missedTicks: 1));
        tick.Start();
        bool recorded = tick.Join(TimeSpan.FromSeconds(30));
        stalledSampler.Resume();
        sampler.Join();
        tick.Join();

        Assert.True(recorded, "the tick thread waited for the sampler");
        Assert.Equal(1, detector.Count);
    }
}
