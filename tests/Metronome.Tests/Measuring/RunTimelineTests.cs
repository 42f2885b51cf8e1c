using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Measuring;

public class RunTimelineTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void Given_wakeups_in_one_100ms_slot_When_recorded_Then_the_slot_keeps_the_worst_and_sums_the_missed()
    {
        var t = new RunTimeline(TimeSpan.FromSeconds(1));
        t.Record(10 * Ms, 20_000, 0);
        t.Record(50 * Ms, 4_000_000, 3);
        t.Record(99 * Ms, 30_000, 1);
        t.Record(250 * Ms, 15_000, 0);

        var s = Assert.Single(t.Snapshot().Segments);
        Assert.Equal(RunTimeline.FineIntervalNs, s.IntervalNs);
        Assert.Equal([4_000_000L, null, 15_000L], s.WorstNs);
        Assert.Equal([4L, 0L, 0L], s.Missed);
    }

    [Fact]
    public void Given_a_run_past_10_minutes_When_recorded_Then_a_per_second_segment_follows_the_fine_one()
    {
        var t = new RunTimeline(null);
        t.Record(599_999 * Ms, 1_000, 0);
        t.Record(600_000 * Ms, 2_000, 0);
        t.Record(602_500 * Ms, 7_000, 2);

        var segments = t.Snapshot().Segments;
        Assert.Equal(2, segments.Count);
        Assert.Equal(6000, segments[0].WorstNs.Count);
        Assert.Equal(1_000L, segments[0].WorstNs[5999]);
        Assert.Equal(RunTimeline.FineSpanNs, segments[1].StartNs);
        Assert.Equal(1_000_000_000L, segments[1].IntervalNs);
        Assert.Equal([2_000L, null, 7_000L], segments[1].WorstNs);
        Assert.Equal([0L, 0L, 2L], segments[1].Missed);
    }

    [Fact]
    public void Given_a_run_longer_than_the_coarse_store_When_recorded_Then_slots_merge_and_memory_stays_bounded()
    {
        var t = new RunTimeline(null, coarseSlots: 4);
        for (int second = 0; second < 10; second++) t.Record(RunTimeline.FineSpanNs + second * 1000 * Ms, (second + 1) * 1000, 1);

        var coarse = t.Snapshot().Segments[1];
        // 10 s into a 4-slot store: 1 s → 2 s → 4 s slots.
        Assert.Equal(4_000_000_000L, coarse.IntervalNs);
        Assert.Equal([4_000L, 8_000L, 10_000L], coarse.WorstNs);
        Assert.Equal([4L, 4L, 2L], coarse.Missed);
    }

    [Fact]
    public void Given_a_24_hour_run_When_recorded_Then_it_keeps_every_second_without_allocating()
    {
        // Warm-up past the fine store on another timeline: the first call of each path is compiled
        // then (and a JIT's first compile may allocate on the calling thread), not in the measured loop.
        var warm = new RunTimeline(null);
        for (long ms = 0; ms < 11L * 60 * 1000; ms += 1) warm.Record(ms * Ms, 20_000 + ms % 7, 0);
        var t = new RunTimeline(null);
        t.Record(0, 1, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long ms = 0; ms < 24L * 3600 * 1000; ms += 1) t.Record(ms * Ms, 20_000 + ms % 7, 0);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        var segments = t.Snapshot().Segments;
        Assert.Equal(1_000_000_000L, segments[1].IntervalNs);
        Assert.Equal(24 * 3600 - 600, segments[1].WorstNs.Count);
    }

    [Fact]
    public void Given_the_recorder_with_a_timeline_When_a_wakeup_is_late_Then_its_slot_holds_the_lateness_and_missed_ticks()
    {
        var timeline = new RunTimeline(TimeSpan.FromSeconds(1));
        var recorder = new TickRecorder(new TickSchedule(0, 1000)) { Timeline = timeline };
        recorder.OnWake(1, 1 * Ms + 10_000);
        recorder.OnWake(5, 6 * Ms + 2_000_000); // waited for tick 2 (due 2 ms), woke at 6 ms + 2 ms: 6 ms late, 4 missed
        var s = Assert.Single(timeline.Snapshot().Segments);
        Assert.Equal(6_000_000L, s.WorstNs[0]);
        Assert.Equal(4L, s.Missed[0]);
    }

    [Fact]
    public void Given_proc_stat_readings_When_steal_is_added_per_second_Then_each_second_is_its_share_of_cpu_time()
    {
        var steal = new StealTimeline(slots: 4);
        steal.Start(Times(total: 0, steal: 0));
        steal.Add(0, Times(total: 200, steal: 10));
        steal.Add(1, null);
        steal.Add(2, Times(total: 600, steal: 10));
        steal.Add(3, Times(total: 800, steal: 50));

        var s = steal.Snapshot();
        Assert.Equal(1_000_000_000L, s.IntervalNs);
        Assert.Equal([5.0, null, null, 20.0], s.Percent);

        steal.Add(4, Times(total: 1000, steal: 50));
        var merged = steal.Snapshot();
        Assert.Equal(2_000_000_000L, merged.IntervalNs);
        Assert.Equal([5.0, 20.0, 0.0], merged.Percent);
    }

    private static CpuTimes Times(long total, long steal) => new(total - steal, 0, 0, 0, 0, 0, 0, steal);
}
