namespace Metronome.Timing;

/// <summary>
/// The latest tick, written by the ticker's thread and read by the consumer without a lock: a sequence
/// lock (odd while a write is in progress), so neither side waits for the other or allocates.
/// </summary>
internal sealed class TickSlot
{
    private long _sequence;
    private long _index;
    private long _scheduledNs;
    private long _wakeNs;
    private long _missedByTimer;

    /// <summary>Only the ticker's thread calls this.</summary>
    public void Publish(long index, long scheduledNs, long wakeNs, long missedByTimer)
    {
        Volatile.Write(ref _sequence, _sequence + 1);
        Volatile.Write(ref _index, index);
        Volatile.Write(ref _scheduledNs, scheduledNs);
        Volatile.Write(ref _wakeNs, wakeNs);
        Volatile.Write(ref _missedByTimer, missedByTimer);
        Volatile.Write(ref _sequence, _sequence + 1);
    }

    /// <summary>The index of the latest tick (0 before the first), without the rest.</summary>
    public long LatestIndex => Volatile.Read(ref _index);

    /// <summary>A consistent copy of the latest tick; <paramref name="missedByTimer"/> is the timer's running total at that tick.</summary>
    public void Read(out long index, out long scheduledNs, out long wakeNs, out long missedByTimer)
    {
        var spin = default(SpinWait);
        while (true)
        {
            long before = Volatile.Read(ref _sequence);
            index = Volatile.Read(ref _index);
            scheduledNs = Volatile.Read(ref _scheduledNs);
            wakeNs = Volatile.Read(ref _wakeNs);
            missedByTimer = Volatile.Read(ref _missedByTimer);
            if ((before & 1) == 0 && Volatile.Read(ref _sequence) == before) return;
            spin.SpinOnce();
        }
    }
}
