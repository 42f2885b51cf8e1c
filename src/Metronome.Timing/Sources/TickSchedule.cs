namespace Metronome.Timing.Sources;

/// <summary>
/// The absolute schedule every source and the recorder share: deadline k = origin + k·(1 s / rate),
/// computed exactly in integers, so it never drifts however long the run (k ≥ 1; k = 0 is the origin).
/// </summary>
internal readonly record struct TickSchedule(long OriginNs, int Rate)
{
    private const long NsPerSecond = 1_000_000_000;

    public long DeadlineNs(long k) => OriginNs + k / Rate * NsPerSecond + k % Rate * NsPerSecond / Rate;

    /// <summary>The index of the last deadline at or before <paramref name="nowNs"/> (0 before the first).</summary>
    public long IndexAt(long nowNs)
    {
        if (nowNs < OriginNs) return 0;
        long since = nowNs - OriginNs;
        long k = since / NsPerSecond * Rate + since % NsPerSecond * Rate / NsPerSecond;
        // The integer division can land one short of the exact boundary; step onto it.
        while (DeadlineNs(k + 1) <= nowNs) k++;
        return k;
    }
}
