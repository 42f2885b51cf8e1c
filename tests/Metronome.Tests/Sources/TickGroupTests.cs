using Metronome.Timing.Sources;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Sources;

/// <summary>
/// The redundant tick on scripted time: two scripted tick threads (a primary and a standby sleeping
/// <see cref="StandbyNs"/> longer) stepped in the order their wake-ups happen, so every interleaving is
/// the one the script says, and the outcome is exact.
/// </summary>
public class TickGroupTests
{
    private const long Origin = Scripted.Origin;
    private const long Period = 1_000_000;
    private const long StandbyNs = 20_000;

    /// <summary>Records each delivery: how many ticks, when, and (through the clock) nothing else; preallocated.</summary>
    private sealed class Deliveries(ScriptedClock clock, int capacity = 20_000) : ITickSink
    {
        public readonly int[] Elapsed = new int[capacity];
        public readonly long[] AtNs = new long[capacity];
        public int Count;
        public long Ticks;

        public bool OnTicks(int elapsed)
        {
            Elapsed[Count] = elapsed;
            AtNs[Count++] = clock.Now;
            Ticks += elapsed;
            return true;
        }

        /// <summary>The lateness of delivery i: when it happened after the first deadline it delivered.</summary>
        public long LatenessNs(int i, long ticksBefore) => AtNs[i] - (Origin + (ticksBefore + 1) * Period);
    }

    private static (TickGroup Group, ScriptedSleeper[] Threads, ScriptedClock Clock) Group(ScriptedSleeper.Wake primary, ScriptedSleeper.Wake standby)
    {
        var clock = new ScriptedClock(Origin);
        ScriptedSleeper[] threads = [new(clock, primary), new(clock, standby)];
        var group = TickGroup.Of(threads, [0, 1], StandbyNs, clock);
        group.Start(Origin);
        return (group, threads, clock);
    }

    /// <summary>Steps whichever scripted thread wakes next (the primary first on a tie) until the clock passes <paramref name="untilNs"/>.</summary>
    private static void Drive(TickGroup group, ScriptedSleeper[] threads, ITickSink sink, long untilNs)
    {
        while (true)
        {
            int next = threads[1].NextWakeNs < threads[0].NextWakeNs ? 1 : 0;
            if (threads[next].NextWakeNs > untilNs) return;
            group.Step(next, sink);
        }
    }

    /// <summary>Primary and standby 30 µs late, the primary stalled for 5 ms from <paramref name="stallAtNs"/> after the origin; driven until <paramref name="untilNs"/>.</summary>
    private static (TickGroup Group, ScriptedSleeper[] Threads, Deliveries Sink) PrimaryStalled5MsAt(long stallAtNs, long untilNs)
    {
        long stallFrom = Origin + stallAtNs;
        var (group, threads, clock) = Group(ScriptedSleeper.Late(30_000, stallFrom, stallFrom + 5_000_000), ScriptedSleeper.Late(30_000));
        var sink = new Deliveries(clock);
        Drive(group, threads, sink, untilNs);
        return (group, threads, sink);
    }

    [Fact]
    public void Given_a_primary_on_time_When_two_threads_tick_Then_it_delivers_every_tick_once_and_the_standby_none()
    {
        var (group, threads, clock) = Group(ScriptedSleeper.Late(30_000), ScriptedSleeper.Late(30_000));
        var sink = new Deliveries(clock);
        Drive(group, threads, sink, Origin + 1000 * Period + 500_000);

        Assert.Equal(1000, sink.Count);
        Assert.Equal(1000, sink.Ticks);
        Assert.All(sink.Elapsed[..sink.Count], e => Assert.Equal(1, e));
        Assert.Equal(1000, group.Claim.Ticks(0));
        Assert.Equal(0, group.Claim.Ticks(1));
        Assert.Equal(1000, group.Claim.Wakeups(1)); // it woke every time, and found the tick claimed
        Assert.Equal(0, group.Claim.Handoffs);
    }

    [Fact]
    public void Given_the_primary_stalled_5_ms_When_two_threads_tick_Then_the_standby_delivers_every_tick_on_time_and_none_is_missed_or_doubled()
    {
        var (group, _, sink) = PrimaryStalled5MsAt(100 * Period, Origin + 300 * Period + 500_000);

        Assert.Equal(300, sink.Ticks);
        Assert.Equal(300, sink.Count); // one tick a wake-up: nothing missed ...
        long before = 0;
        for (int i = 0; i < sink.Count; before += sink.Elapsed[i], i++)
            Assert.InRange(sink.LatenessNs(i, before), 0, 30_000 + StandbyNs); // ... and every one on time
        Assert.Equal(5, group.Claim.Ticks(1)); // the standby delivered the five the primary slept through
        Assert.Equal(295, group.Claim.Ticks(0));
        Assert.Equal(2, group.Claim.Handoffs); // to the standby and back
    }

    [Fact]
    public void Given_both_threads_stalled_together_When_they_wake_Then_the_missed_ticks_are_delivered_once_by_the_first_awake()
    {
        long stallFrom = Origin + 100 * Period, stallTo = stallFrom + 4_500_000; // a VM-wide stall: no thread can run
        var (group, threads, clock) = Group(ScriptedSleeper.Late(30_000, stallFrom, stallTo), ScriptedSleeper.Late(30_000, stallFrom, stallTo + 7_000));
        var sink = new Deliveries(clock);
        Drive(group, threads, sink, Origin + 300 * Period + 500_000);

        Assert.Equal(300, sink.Ticks);
        int burst = Array.FindIndex(sink.Elapsed, e => e > 1);
        Assert.Equal(5, sink.Elapsed[burst]); // deadlines 100..104 in one wake-up at the stall's end: 4 missed
        Assert.Equal(stallTo, sink.AtNs[burst]);
        Assert.Equal(1, sink.Elapsed[..sink.Count].Count(e => e > 1)); // counted once, not again by the standby
        Assert.Equal(296, sink.Count);
        Assert.Equal(0, group.Claim.Ticks(1));
    }

    [Fact]
    public void Given_two_threads_racing_for_the_same_instant_When_both_wake_Then_the_first_to_claim_delivers_and_the_other_finds_it_claimed()
    {
        var clock = new ScriptedClock(Origin);
        ScriptedSleeper[] threads = [new(clock, ScriptedSleeper.Late(10_000)), new(clock, ScriptedSleeper.Late(10_000))];
        var group = TickGroup.Of(threads, [0, 1], 0, clock);
        group.Start(Origin);
        var sink = new Deliveries(clock);
        for (int k = 0; k < 10; k++)
        {
            group.Step(k % 2, sink); // the thread that happens to run first differs every tick
            group.Step(1 - k % 2, sink);
        }

        Assert.Equal(10, sink.Ticks);
        Assert.Equal(10, sink.Count);
        Assert.Equal(5, group.Claim.Ticks(0));
        Assert.Equal(5, group.Claim.Ticks(1));
        Assert.Equal(9, group.Claim.Handoffs);
    }

    [Fact]
    public void Given_5000_ticks_with_a_stall_When_two_scripted_threads_deliver_them_Then_nothing_is_allocated()
    {
        var (group, threads, sink) = PrimaryStalled5MsAt(1000 * Period, Origin + 10 * Period); // first-time paths outside the measured window

        long before = GC.GetAllocatedBytesForCurrentThread();
        Drive(group, threads, sink, Origin + 5000 * Period + 500_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(5000, sink.Ticks);
        Assert.Equal(0, allocated);
    }

    /// <summary>A source with no schedule at all: every wait returns one more tick at once, so real threads race flat out.</summary>
    private sealed class FlatOut : ITickSource
    {
        public TickSourceKind Kind => TickSourceKind.Nanosleep;
        public int Rate => 1000;
        public TickSchedule Start(long originNs) => new(originNs, Rate);
        public int WaitTick() => 1;
        public void Dispose() { }
    }

    /// <summary>Counts ticks and fails loudly if two threads are ever inside it at once.</summary>
    private sealed class Exclusive(long stopAt) : ITickSink
    {
        private int _inside;
        public long Ticks;
        public long Deliveries;
        public int Overlaps;

        public bool OnTicks(int elapsed)
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0) Interlocked.Increment(ref Overlaps);
            Ticks += elapsed;
            Deliveries++;
            Volatile.Write(ref _inside, 0);
            return Ticks < stopAt;
        }
    }

    [Fact]
    public void Given_two_real_threads_racing_flat_out_When_they_claim_ticks_Then_each_is_delivered_exactly_once_one_delivery_at_a_time()
    {
        // Not timing: whatever the interleaving, the sums must agree exactly.
        using var group = TickGroup.Of([new FlatOut(), new FlatOut()], [null, null], 0);
        var sink = new Exclusive(stopAt: 20_000);
        group.StartStandbys(Metronome.Timing.Linux.RealtimeRequest.None);
        using var primary = new TickThread();
        primary.Start(Metronome.Timing.Linux.RealtimeRequest.None, t =>
        {
            group.Start(0);
            t.MarkTicking();
            group.Loop(t, sink);
        });
        Assert.True(primary.Join(TimeSpan.FromSeconds(120)));

        Assert.Equal(0, sink.Overlaps);
        Assert.Equal(group.Claim.Claimed, group.Claim.Ticks(0) + group.Claim.Ticks(1)); // every tick claimed by one thread
        Assert.Equal(group.Claim.Delivered, sink.Ticks); // and delivered once
        Assert.InRange(group.Claim.Claimed - group.Claim.Delivered, 0, 2); // but for claims made as the run ended
        // The last call may bring many: flat out, the other thread claims on while the deliverer is preempted.
        Assert.True(sink.Ticks >= 20_000);
    }
}
