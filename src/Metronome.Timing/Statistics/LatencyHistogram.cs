namespace Metronome.Timing.Statistics;

/// <summary>
/// Wake-up lateness in 1 µs buckets (cyclictest's resolution), preallocated so recording never
/// allocates. Values above the range are counted as overflows with their cycle numbers, as cyclictest
/// does. Percentiles are nearest-rank and resolved to the bucket: a p99 of 12 µs means the 99th
/// percentile tick was at least 12 and less than 13 µs late.
/// </summary>
internal sealed class LatencyHistogram
{
    public const int DefaultBuckets = 100_000; // 100 ms
    public const int MaxOutliers = 64;

    private readonly long[] _buckets;
    private readonly long[] _outlierCycles = new long[MaxOutliers];
    private int _outliersKept;

    public LatencyHistogram(int buckets = DefaultBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        _buckets = new long[buckets];
    }

    public long Count { get; private set; }
    public long MinNs { get; private set; } = long.MaxValue;
    public long MaxNs { get; private set; } = long.MinValue;
    public long SumNs { get; private set; }
    public long Overflows { get; private set; }
    public long AverageNs => Count == 0 ? 0 : SumNs / Count;
    public ReadOnlySpan<long> Buckets => _buckets;
    public ReadOnlySpan<long> OutlierCycles => _outlierCycles.AsSpan(0, _outliersKept);

    /// <summary>Records one wake-up; <paramref name="cycle"/> is its 1-based wake-up number.</summary>
    public void Record(long latencyNs, long cycle)
    {
        Count++;
        SumNs += latencyNs;
        if (latencyNs < MinNs) MinNs = latencyNs;
        if (latencyNs > MaxNs) MaxNs = latencyNs;
        // Early wake-ups (only the .NET baseline has them) go in bucket 0, as cyclictest has no negative bucket.
        long bucket = Math.Max(0, latencyNs / 1000);
        if (bucket < _buckets.Length)
        {
            _buckets[bucket]++;
            return;
        }
        Overflows++;
        if (_outliersKept < MaxOutliers) _outlierCycles[_outliersKept++] = cycle;
    }

    /// <summary>Adds every sample of another histogram (pooling rounds); outlier cycle numbers are not carried over.</summary>
    public void Add(LatencyHistogram other)
    {
        if (other.Count == 0) return;
        for (int i = 0; i < Math.Min(_buckets.Length, other._buckets.Length); i++) _buckets[i] += other._buckets[i];
        for (int i = _buckets.Length; i < other._buckets.Length; i++) Overflows += other._buckets[i];
        Overflows += other.Overflows;
        Count += other.Count;
        SumNs += other.SumNs;
        MinNs = Math.Min(MinNs, other.MinNs);
        MaxNs = Math.Max(MaxNs, other.MaxNs);
    }

    /// <summary>Records <paramref name="count"/> samples of one value at once (a peer's histogram file).</summary>
    public void Record(long latencyNs, long count, long firstCycle)
    {
        for (long i = 0; i < count; i++) Record(latencyNs, firstCycle + i);
    }

    /// <summary>Nearest-rank percentile in ns (bucket floor); the maximum when it falls among overflows; 0 when empty.</summary>
    public long PercentileNs(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        if (Count == 0) return 0;
        // The epsilon keeps 0.99 × 100 (98.99999…) from rounding the rank past 99.
        long rank = Math.Max(1, (long)Math.Ceiling(fraction * Count - 1e-9));
        long seen = 0;
        for (int i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= rank) return i * 1000L;
        }
        return MaxNs;
    }
}
