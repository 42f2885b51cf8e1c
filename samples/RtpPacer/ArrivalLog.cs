namespace RtpPacer;

/// <summary>Arrival times (Stopwatch ticks) and RTP timestamps of the packets received, and what they say about pacing.</summary>
internal sealed record ArrivalLog(long[] ArrivalTicks, uint[] Timestamps, long Frequency)
{
    /// <summary>A gap under this is two packets sent back to back (a catch-up burst), not paced.</summary>
    public const double BackToBackMs = 0.1;

    public PacingSummary Summarise()
    {
        int n = ArrivalTicks.Length;
        if (n < 2) return new PacingSummary(n, 0, 0, 0, 0, 0);
        var gaps = new double[n - 1];
        for (int i = 1; i < n; i++) gaps[i - 1] = (ArrivalTicks[i] - ArrivalTicks[i - 1]) * 1000.0 / Frequency;
        var sorted = gaps.Order().ToArray();
        return new PacingSummary(
            Packets: n,
            MedianGapMs: Percentile(sorted, 0.5),
            P99GapMs: Percentile(sorted, 0.99),
            MaxGapMs: sorted[^1],
            BackToBackPercent: 100.0 * gaps.Count(g => g < BackToBackMs) / gaps.Length,
            DriftMs: Drift(n));
    }

    /// <summary>
    /// How far media time (RTP timestamps) moved from wall time (arrivals) between the first second and
    /// the last: each packet's offset (media − wall since packet 0), median over 50 packets at each end,
    /// so one late arrival at either end does not count as drift.
    /// </summary>
    private double Drift(int n)
    {
        int window = Math.Min(50, n / 2);
        double Offset(int i) =>
            // The RTP clock runs at 8000 Hz; unsigned subtraction handles the 32-bit wrap.
            (uint)(Timestamps[i] - Timestamps[0]) / 8.0 - (ArrivalTicks[i] - ArrivalTicks[0]) * 1000.0 / Frequency;
        double first = Median(Enumerable.Range(0, window).Select(Offset));
        double last = Median(Enumerable.Range(n - window, window).Select(Offset));
        return last - first;
    }

    private static double Median(IEnumerable<double> values) => Percentile(values.Order().ToArray(), 0.5);

    /// <summary>Nearest rank.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <param name="DriftMs">Media time sent (RTP timestamps) minus wall time elapsed: negative when the sender fell behind real time.</param>
internal sealed record PacingSummary(int Packets, double MedianGapMs, double P99GapMs, double MaxGapMs, double BackToBackPercent, double DriftMs);
