using System.Runtime.InteropServices;

namespace Metronome.Timing.Sources;

/// <summary>
/// Who delivers which tick when several threads wait for the same deadlines. A thread that has reached
/// tick k (its source says deadline k has passed) claims every unclaimed tick up to k with one
/// compare-and-swap on the highest claimed index: the first to wake wins, the others find the tick
/// claimed, and a late thread that finds later ticks unclaimed takes them all as one wake-up with missed
/// ticks, exactly once. Delivery is one thread at a time, in tick order, without waiting: a claimant
/// that finds another thread delivering leaves its ticks to it (that thread looks again before it lets go)
/// and goes back to sleep, so no tick thread ever spins or blocks on another. No lock, no allocation.
/// </summary>
internal sealed class TickClaim
{
    // Each on its own cache line: the claimants CAS _claimed, the deliverer owns _delivering and _delivered.
    private PaddedLong _claimed;
    private PaddedLong _delivered;
    private PaddedLong _delivering;
    private readonly ThreadCounters[] _threads;
    private int _lastClaimer = -1;
    private long _handoffs;
    private bool _stopped;

    public TickClaim(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = new ThreadCounters[threads];
    }

    public int Threads => _threads.Length;

    /// <summary>The highest tick claimed so far.</summary>
    public long Claimed => Volatile.Read(ref _claimed.Value);

    /// <summary>The highest tick handed to a sink so far.</summary>
    public long Delivered => Volatile.Read(ref _delivered.Value);

    /// <summary>
    /// Thread <paramref name="thread"/> woke having reached tick <paramref name="reached"/>: true when it
    /// claimed ticks (every one up to <paramref name="reached"/> not yet claimed); false when another
    /// thread already has them.
    /// </summary>
    public bool TryClaim(int thread, long reached)
    {
        ref var t = ref _threads[thread];
        t.Wakeups++;
        long previous = Volatile.Read(ref _claimed.Value);
        while (previous < reached)
        {
            long seen = Interlocked.CompareExchange(ref _claimed.Value, reached, previous);
            if (seen == previous)
            {
                t.Claims++;
                t.Ticks += reached - previous;
                if (Interlocked.Exchange(ref _lastClaimer, thread) is int last && last != thread && last >= 0)
                    Interlocked.Increment(ref _handoffs);
                return true;
            }
            previous = seen;
        }
        return false;
    }

    /// <summary>
    /// Hands every claimed tick not yet delivered to <paramref name="sink"/>, in order, unless another
    /// thread is doing so (then it delivers these too, and this returns at once). False when the run is
    /// over: the sink said so (the stop is set then), or it was stopped.
    /// </summary>
    public bool Deliver(ITickSink sink)
    {
        while (Interlocked.CompareExchange(ref _delivering.Value, 1, 0) == 0)
        {
            bool more = true;
            long claimed;
            while (more && !IsStopped && (claimed = Volatile.Read(ref _claimed.Value)) > _delivered.Value)
            {
                more = sink.OnTicks((int)Math.Min(claimed - _delivered.Value, int.MaxValue));
                Volatile.Write(ref _delivered.Value, claimed);
            }
            // Let go with a full fence, then look again: a claim made while we delivered found us busy and
            // left its ticks to us.
            Interlocked.Exchange(ref _delivering.Value, 0);
            if (!more) Stop();
            if (IsStopped) return false;
            if (Volatile.Read(ref _claimed.Value) <= Volatile.Read(ref _delivered.Value)) return true;
        }
        return !IsStopped;
    }

    /// <summary>Ends the run for every thread: set when the sink says so, a source fails, or the owner stops.</summary>
    public void Stop() => Volatile.Write(ref _stopped, true);

    public bool IsStopped => Volatile.Read(ref _stopped);

    /// <summary>Claims by another thread than the one that made the claim before.</summary>
    public long Handoffs => Volatile.Read(ref _handoffs);

    /// <summary>Wake-ups of a thread, claiming or not (read once the threads have stopped).</summary>
    public long Wakeups(int thread) => _threads[thread].Wakeups;

    /// <summary>Wake-ups of a thread that claimed ticks: it was the first awake for them.</summary>
    public long Deliveries(int thread) => _threads[thread].Claims;

    /// <summary>Ticks a thread claimed, missed ones included.</summary>
    public long Ticks(int thread) => _threads[thread].Ticks;

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)] public long Value;
    }

    /// <summary>One thread's counters, a cache line each so that waking threads do not share one.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct ThreadCounters
    {
        [FieldOffset(0)] public long Wakeups;
        [FieldOffset(8)] public long Claims;
        [FieldOffset(16)] public long Ticks;
    }
}
