using Metronome.Timing.DahdiAbi;

namespace Metronome.Timing.Sources;

/// <summary>
/// Finds the blocks a DAHDI reader lost. A pseudo channel holds a few full blocks (two by default) and,
/// while they are full, drops every new one without telling the reader; a reader that counted one tick
/// per block read would run behind the device by every lost block for the rest of its run. The loss
/// shows in the lateness of the reads against the blocks counted: after a stall the buffered blocks come
/// at once, each a period less late, and then the reads wait for their blocks again and are on time,
/// unless blocks were lost: then every read stays late by whole periods. A read that waited gets a fresh
/// block, except the one a stalled device answers with the first block of its catch-up burst (the rest
/// of the burst follows at once); so two reads in a row that waited show the reader and the device both
/// caught up. When they and the reads before them (as many as the buffers, and the read that found the
/// backlog) were all a period late or more, the least of their lateness in whole periods is the number of
/// blocks lost. A read late for its own reasons is not a loss: the reads before it were on time.
/// </summary>
internal sealed class LostBlockCounter
{
    private readonly long _periodNs;

    /// <summary>The lateness of the last reads, against the blocks counted so far (a ring).</summary>
    private readonly long[] _late;

    private int _next;
    private int _seen;
    private bool _previousWaited;

    /// <param name="periodNs">The time one block takes to fill.</param>
    /// <param name="buffers">How many full blocks the channel holds.</param>
    public LostBlockCounter(long periodNs, int buffers = DahdiWire.DefaultBuffers)
    {
        _periodNs = periodNs;
        _late = new long[buffers + 2];
    }

    /// <summary>
    /// A read returned <paramref name="lateNs"/> after the boundary of the block counted for it, having
    /// been in the device for <paramref name="waitedNs"/>; returns how many blocks were lost before the
    /// one it returned (0 almost always). Allocates nothing.
    /// </summary>
    public int OnRead(long lateNs, long waitedNs)
    {
        _late[_next] = lateNs;
        _next = (_next + 1) % _late.Length;
        if (_seen < _late.Length) _seen++;
        // A read served from the buffers says nothing about what came after its block.
        bool waited = waitedNs >= _periodNs / 4, caughtUp = waited && _previousWaited;
        _previousWaited = waited;
        if (!caughtUp || _seen < _late.Length) return 0;
        long least = long.MaxValue;
        foreach (long late in _late) least = Math.Min(least, late);
        // An eighth of a period of slack: a read can come a little before the boundary the lock-on found.
        long lost = (least + _periodNs / 8) / _periodNs;
        if (lost <= 0) return 0;
        for (int i = 0; i < _late.Length; i++) _late[i] -= lost * _periodNs;
        return (int)Math.Min(lost, int.MaxValue);
    }
}
