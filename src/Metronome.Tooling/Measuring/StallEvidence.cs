using Metronome.Timing.Sources;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// How often tick threads on this host were stalled, from a <see cref="WakeupRecording"/>: the wake-ups
/// each thread alone had later than the threshold, and those the first of them all would still have had
/// (every thread late at once: a first-of-N tick cannot help there). What `auto` decides by.
/// </summary>
/// <param name="Seconds">How long the threads ticked.</param>
/// <param name="LatePerThread">Each thread's wake-ups later than the threshold.</param>
/// <param name="LateFirstOfN">Wake-ups later than the threshold with a free hand-over to whichever thread woke first.</param>
internal sealed record StallEvidence(double Seconds, IReadOnlyList<int> LatePerThread, int LateFirstOfN)
{
    /// <summary>A stall: a wake-up a millisecond or more late (the stall detector's default).</summary>
    public const long ThresholdNs = 1_000_000;

    /// <summary>Stalls a second of one tick thread (the mean over the threads).</summary>
    public double OneThreadPerSecond => Seconds > 0 ? LatePerThread.Average() / Seconds : 0;

    /// <summary>Stalls a second left with one thread per CPU and the first to wake delivering.</summary>
    public double FirstOfNPerSecond => Seconds > 0 ? LateFirstOfN / Seconds : 0;

    public static StallEvidence From(WakeupRecording recording) =>
        From(recording.Rate, recording.Duration.TotalSeconds, [.. Enumerable.Range(0, recording.Cpus.Count).Select(t => recording.Wakeups(t).ToArray())]);

    /// <summary>From each thread's wake-ups at <paramref name="rate"/> on a common schedule.</summary>
    public static StallEvidence From(int rate, double seconds, IReadOnlyList<Wakeup[]> threads)
    {
        var schedule = new TickSchedule(0, rate);
        var late = threads.Select(wakeups => wakeups.Count(w => w.LateNs >= ThresholdNs)).ToArray();
        // The first-of-N: every wake-up of every thread in time order, each delivering the ticks no earlier
        // wake-up had reached, and late against the first of them.
        var events = threads.SelectMany(wakeups => wakeups.Select(w => (At: schedule.DeadlineNs(w.First) + w.LateNs, w.Last)))
            .OrderBy(e => e.At).ToArray();
        long claimed = 0;
        int lateFirst = 0;
        foreach (var (at, last) in events)
        {
            if (last <= claimed) continue;
            if (at - schedule.DeadlineNs(claimed + 1) >= ThresholdNs) lateFirst++;
            claimed = last;
        }
        return new StallEvidence(seconds, late, lateFirst);
    }
}
