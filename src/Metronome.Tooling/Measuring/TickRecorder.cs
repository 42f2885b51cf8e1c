using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// Everything measured per wake-up, on the tick thread, without allocating. The lateness of a wake-up is
/// measured against the deadline it waited for (the first one due), as cyclictest measures it, so a
/// 5 ms stall shows as 5 ms; the deadlines it also passed are counted as missed ticks.
/// </summary>
internal sealed class TickRecorder
{
    private readonly TickSchedule _schedule;
    private readonly DahdiPassScorer _scorer;

    public TickRecorder(TickSchedule schedule, int histogramBuckets = LatencyHistogram.DefaultBuckets, int passCapacity = 4096)
        : this(schedule, new LatencyHistogram(histogramBuckets), new PassLog(passCapacity))
    {
    }

    /// <summary>With storage allocated beforehand, for when the schedule is known only once the source has started.</summary>
    public TickRecorder(TickSchedule schedule, LatencyHistogram histogram, PassLog passes)
    {
        _schedule = schedule;
        _scorer = new DahdiPassScorer(schedule.Rate, schedule.OriginNs);
        Histogram = histogram;
        Passes = passes;
    }

    public TickSchedule Schedule => _schedule;
    public LatencyHistogram Histogram { get; }
    public PassLog Passes { get; }

    /// <summary>The run's bounded time series, when one is kept (allocated beforehand like the histogram).</summary>
    public RunTimeline? Timeline { get; init; }

    /// <summary>Finds and attributes stalls, when set; costs two comparisons on an ordinary tick.</summary>
    public StallDetector? Stalls { get; init; }

    /// <summary>Scheduled ticks that have passed (the index of the last one served).</summary>
    public long Ticks { get; private set; }

    public long Wakeups { get; private set; }
    public long MissedTicks { get; private set; }
    public long LastWakeNs { get; private set; }

    /// <summary>Records one wake-up; returns true when it completed a dahdi-style pass.</summary>
    public bool OnWake(int elapsedTicks, long nowNs)
    {
        long latency = nowNs - _schedule.DeadlineNs(Ticks + 1);
        Histogram.Record(latency, ++Wakeups);
        Timeline?.Record(nowNs - _schedule.OriginNs, latency, elapsedTicks - 1);
        Stalls?.OnWake(Ticks + 1, latency, elapsedTicks - 1);
        MissedTicks += elapsedTicks - 1;
        Ticks += elapsedTicks;
        LastWakeNs = nowNs;
        if (!_scorer.Add(elapsedTicks, nowNs, out var pass)) return false;
        Passes.Add(pass);
        return true;
    }
}
