using System.Runtime.InteropServices;

namespace Metronome.Sources;

/// <summary>
/// Who delivers which tick when several threads wait for the same deadlines. A thread that has reached
/// tick k (its source says deadline k has passed) claims every unclaimed tick up to k with one
/// compare-and-swap on the highest claimed index: the first to wake wins, the others find the tick
/// claimed, and a late thread that finds later ticks unclaimed takes them all as one wake-up with missed
/// ticks, exactly once. Claims are totally ordered, and deliveries follow that order: a claimant waits
/// for the claim before its own to be published (a window of a few hundred nanoseconds), so the consumer
/// sees ticks in order on one thread at a time. No lock, no allocation.
/// </summary>
public sealed class TickClaim
{
    // Written by the claimants (CAS) and by the deliverers; each on its own cache line.
    private PaddedLong _claimed;
    private PaddedLong _published;
    private readonly ThreadCounters[] _threads;
    private int _lastDeliverer = -1;

    public TickClaim(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = new ThreadCounters[threads];
    }

    public int Threads => _threads.Length;

    /// <summary>The highest tick claimed so far.</summary>
    public long Claimed => Volatile.Read(ref _claimed.Value);

    /// <summary>
    /// Thread <paramref name="thread"/> woke having reached tick <paramref name="reached"/>: true when it
    /// claimed ticks, <paramref name="previous"/> + 1 .. <paramref name="reached"/>; false when another
    /// thread already has them.
    /// </summary>
    public bool TryClaim(int thread, long reached, out long previous)
    {
        _threads[thread].Wakeups++;
        previous = Volatile.Read(ref _claimed.Value);
        while (previous < reached)
        {
            long seen = Interlocked.CompareExchange(ref _claimed.Value, reached, previous);
            if (seen == previous) return true;
            previous = seen;
        }
        return false;
    }

    /// <summary>True when every claim before <paramref name="previous"/> has been delivered: this claimant's turn.</summary>
    public bool IsTurn(long previous) => Volatile.Read(ref _published.Value) == previous;

    /// <summary>
    /// Spins until it is this claimant's turn. Every claim is published, delivered or not, so this ends as
    /// soon as the claimant before has delivered (a few hundred ns, unless its vCPU stalls right then).
    /// </summary>
    public void AwaitTurn(long previous)
    {
        var spin = new SpinWait();
        while (!IsTurn(previous)) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>
    /// The claimant has delivered ticks <paramref name="previous"/> + 1 .. <paramref name="reached"/> (or,
    /// with <paramref name="delivered"/> false, dropped them as the run ended): the next claim's turn.
    /// </summary>
    public void Publish(int thread, long previous, long reached, bool delivered = true)
    {
        if (!delivered)
        {
            Volatile.Write(ref _published.Value, reached);
            return;
        }
        ref var t = ref _threads[thread];
        t.Deliveries++;
        t.Ticks += reached - previous;
        if (_lastDeliverer != thread)
        {
            if (_lastDeliverer >= 0) Handoffs++;
            _lastDeliverer = thread;
        }
        Volatile.Write(ref _published.Value, reached);
    }

    /// <summary>Ends the run for every thread: set when the sink says so, a source fails, or the owner stops.</summary>
    public void Stop() => Volatile.Write(ref _stopped, true);

    public bool IsStopped => Volatile.Read(ref _stopped);

    private bool _stopped;

    /// <summary>Times the delivering thread differed from the one that delivered the tick before.</summary>
    public long Handoffs { get; private set; }

    /// <summary>Wake-ups of a thread, delivering or not (read once the threads have stopped).</summary>
    public long Wakeups(int thread) => _threads[thread].Wakeups;

    /// <summary>Wake-ups of a thread that delivered ticks.</summary>
    public long Deliveries(int thread) => _threads[thread].Deliveries;

    /// <summary>Ticks a thread delivered, missed ones included.</summary>
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
        [FieldOffset(8)] public long Deliveries;
        [FieldOffset(16)] public long Ticks;
    }
}
