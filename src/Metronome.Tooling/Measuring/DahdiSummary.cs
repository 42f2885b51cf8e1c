namespace Metronome.Tooling.Measuring;

/// <summary>
/// dahdi_test's summary: best starts at 0 and worst at 100, the average of zero passes is 100 and the
/// cumulative accuracy of zero passes is 0, all as dahdi-tools prints them.
/// </summary>
internal sealed record DahdiSummary(int Passes, double Best, double Worst, double Average, double Cumulative)
{
    public static DahdiSummary From(IReadOnlyList<PassResult> passes)
    {
        double best = 0.0, worst = 100.0, total = 0, totalCount = 0, totalIntervals = 0;
        foreach (var p in passes)
        {
            best = Math.Max(best, p.Score);
            worst = Math.Min(worst, p.Score);
            total += p.Score;
            totalCount += p.Samples;
            totalIntervals += p.Intervals;
        }
        int n = passes.Count;
        return new DahdiSummary(n, best, worst,
            n > 0 ? total / n : 100.0,
            n > 0 ? DahdiAccuracy.Score(totalCount, totalIntervals) : 0.0);
    }
}
