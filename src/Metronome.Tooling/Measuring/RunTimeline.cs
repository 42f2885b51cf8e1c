namespace Metronome.Tooling.Measuring;

/// <summary>
/// The run as a bounded time series, recorded on the tick thread without allocating: worst lateness and
/// missed ticks per 100 ms for the first 10 minutes, then per second. Both stores are allocated up front
/// (the fine one sized to the run when its length is known; the coarse one, 24 h of seconds, only for runs
/// that may pass 10 minutes). When the coarse store fills, neighbouring slots are merged in place and its
/// interval doubles, so memory stays bounded however long the run: about 1.4 MB for an endless run,
/// 96 KB for a 10-minute one.
/// </summary>
internal sealed class RunTimeline
{
    public const long FineIntervalNs = 100_000_000;
    public const long FineSpanNs = 600_000_000_000;
    public const long CoarseIntervalNs = 1_000_000_000;
    public const int DefaultCoarseSlots = 86_400;
    private const long Empty = long.MinValue;

    private readonly long[] _fineWorst;
    private readonly long[] _fineMissed;
    private readonly long[] _coarseWorst;
    private readonly long[] _coarseMissed;
    private int _fineUsed;
    private int _coarseUsed;

    /// <param name="expectedDuration">How long the run is set to last; null when it runs until stopped.</param>
    /// <param name="coarseSlots">Coarse slots before they are merged pairwise (tests use a small number).</param>
    public RunTimeline(TimeSpan? expectedDuration, int coarseSlots = DefaultCoarseSlots)
    {
        long? ns = expectedDuration is { } d ? (long)d.TotalMilliseconds * 1_000_000 : null;
        int fine = (int)(FineSpanNs / FineIntervalNs);
        if (ns is { } n && n < FineSpanNs) fine = (int)(n / FineIntervalNs) + 2; // the last wake-up may land just past the end
        bool coarse = ns is null || ns.Value + FineIntervalNs >= FineSpanNs;
        _fineWorst = new long[fine];
        _fineMissed = new long[fine];
        _coarseWorst = new long[coarse ? Math.Max(2, coarseSlots & ~1) : 0];
        _coarseMissed = new long[_coarseWorst.Length];
        _fineWorst.AsSpan().Fill(Empty);
        _coarseWorst.AsSpan().Fill(Empty);
        CoarseInterval = CoarseIntervalNs;
    }

    /// <summary>The coarse store's interval now: 1 s until it first fills, then doubling.</summary>
    public long CoarseInterval { get; private set; }

    /// <summary>Records one wake-up at <paramref name="offsetNs"/> after the schedule origin.</summary>
    public void Record(long offsetNs, long latencyNs, int missed)
    {
        if (offsetNs < 0) offsetNs = 0;
        long slot;
        long[] worst, missedSlots;
        if (offsetNs < FineSpanNs || _coarseWorst.Length == 0)
        {
            slot = Math.Min(offsetNs / FineIntervalNs, _fineWorst.Length - 1);
            worst = _fineWorst;
            missedSlots = _fineMissed;
            if (slot >= _fineUsed) _fineUsed = (int)slot + 1;
        }
        else
        {
            slot = (offsetNs - FineSpanNs) / CoarseInterval;
            while (slot >= _coarseWorst.Length)
            {
                Halve();
                slot = (offsetNs - FineSpanNs) / CoarseInterval;
            }
            worst = _coarseWorst;
            missedSlots = _coarseMissed;
            if (slot >= _coarseUsed) _coarseUsed = (int)slot + 1;
        }
        if (latencyNs > worst[slot]) worst[slot] = latencyNs;
        missedSlots[slot] += missed;
    }

    /// <summary>Merges neighbouring coarse slots in place (worst of the two, missed summed); the interval doubles.</summary>
    private void Halve()
    {
        int half = _coarseWorst.Length / 2;
        for (int i = 0; i < half; i++)
        {
            _coarseWorst[i] = Math.Max(_coarseWorst[2 * i], _coarseWorst[2 * i + 1]);
            _coarseMissed[i] = _coarseMissed[2 * i] + _coarseMissed[2 * i + 1];
        }
        _coarseWorst.AsSpan(half).Fill(Empty);
        _coarseMissed.AsSpan(half).Clear();
        _coarseUsed = (_coarseUsed + 1) / 2;
        CoarseInterval *= 2;
    }

    /// <summary>A copy of what was recorded: the fine segment, then the coarse one when the run reached it.</summary>
    public Timeline Snapshot()
    {
        var segments = new List<TimelineSegment> { Segment(0, FineIntervalNs, _fineWorst, _fineMissed, _fineUsed) };
        if (_coarseUsed > 0) segments.Add(Segment(FineSpanNs, CoarseInterval, _coarseWorst, _coarseMissed, _coarseUsed));
        return new Timeline(segments);
    }

    private static TimelineSegment Segment(long start, long interval, long[] worst, long[] missed, int used) =>
        new(start, interval,
            [.. worst.AsSpan(0, used).ToArray().Select(w => w == Empty ? (long?)null : w)],
            missed.AsSpan(0, used).ToArray());
}

/// <summary>A run's time series: consecutive segments, each with its own interval.</summary>
internal sealed record Timeline(IReadOnlyList<TimelineSegment> Segments)
{
    public static readonly Timeline None = new([]);
}

/// <summary>
/// Slot i covers [StartNs + i·IntervalNs, StartNs + (i+1)·IntervalNs) after the schedule origin.
/// <paramref name="WorstNs"/> is the largest lateness of a wake-up in the slot, null when no wake-up
/// fell in it (the tick was stalled through the whole slot); <paramref name="Missed"/> the missed ticks
/// counted by its wake-ups.
/// </summary>
internal sealed record TimelineSegment(long StartNs, long IntervalNs, IReadOnlyList<long?> WorstNs, IReadOnlyList<long> Missed);
