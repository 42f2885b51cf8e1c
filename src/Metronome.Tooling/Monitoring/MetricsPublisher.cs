using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// The ticking process's side of the metrics: a thread of its own (never the tick thread) that reads
/// the live recorder and stall detector a few times a second and publishes running totals to the
/// shared <see cref="MetricsPage"/>, turning the recorder's 1 µs histogram into the exported lateness
/// buckets. Allocates nothing after construction, so it never causes the collection that would stop
/// the tick.
/// </summary>
internal sealed unsafe class MetricsPublisher : IDisposable
{
    /// <summary>How often the page is brought up to date: well inside any scrape interval.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(200);

    private readonly MetricsPage _page;
    private readonly TickRecorder _recorder;
    private readonly StallDetector? _detector;
    private readonly Func<DahdiCounts>? _dahdi;
    private readonly long[] _seen;
    private readonly ManualResetEventSlim _stop = new(false, spinCount: 0); // a timed sleep: no spinning beside the tick
    private MetricsSnapshot _totals;
    private long _seenOverflows;
    private Thread? _thread;

    /// <param name="dahdi">metronome dahdi's device counts, read at each publication (Monitoring does not know the devices).</param>
    public MetricsPublisher(MetricsPage page, TickRecorder recorder, StallDetector? detector, Func<DahdiCounts>? dahdi = null)
    {
        _page = page;
        _recorder = recorder;
        _detector = detector;
        _dahdi = dahdi;
        _seen = new long[recorder.Histogram.Buckets.Length];
    }

    /// <summary>Publishes every <paramref name="period"/> on a background thread until disposed.</summary>
    public void Start(TimeSpan period)
    {
        _thread = new Thread(() =>
        {
            do Publish();
            while (!_stop.Wait(period));
        }) { Name = "metronome-publish", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Brings the page up to date with everything recorded so far.</summary>
    public void Publish()
    {
        ref var t = ref _totals;
        var histogram = _recorder.Histogram;
        var buckets = histogram.Buckets;
        long worstNs = -1;
        for (int i = 0; i < buckets.Length; i++)
        {
            long count = buckets[i];
            long delta = count - _seen[i];
            if (delta <= 0) continue;
            // The middle of the 1 µs bucket: a wake-up 1000.4 µs late is later than 1 ms.
            double seconds = (i + 0.5) / 1e6;
            int slot = SlotOf(seconds);
            t.LatenessCounts[slot] += delta;
            t.LatenessSums[slot] += seconds * delta;
            _seen[i] = count;
            worstNs = i * 1000L;
        }
        long overflows = histogram.Overflows;
        if (overflows > _seenOverflows)
        {
            long max = histogram.MaxNs;
            int slot = SlotOf(max / 1e9);
            t.LatenessCounts[slot] += overflows - _seenOverflows;
            t.LatenessSums[slot] += max / 1e9 * (overflows - _seenOverflows);
            _seenOverflows = overflows;
            worstNs = Math.Max(worstNs, max);
        }
        if (worstNs > 0) _page.RaiseWorst(worstNs);

        t.Ticks = _recorder.Ticks;
        t.MissedTicks = _recorder.MissedTicks;
        t.Wakeups = _recorder.Wakeups;

        var passes = _recorder.Passes;
        int completed = passes.Count;
        for (long i = Math.Max(t.Passes, passes.Oldest); i < completed; i++)
        {
            double score = passes[(int)i].Score;
            t.LastPassScore = score;
            if (score < TickMetrics.GoodPassScore) t.PassesBelowGood++;
        }
        t.Passes = completed;

        if (_detector is { } detector)
            foreach (var cause in StallCauses.All) t.Stalls[(int)cause] = detector.CountOf(cause);
        for (int g = 0; g < MetricsSnapshot.Generations; g++) t.Collections[g] = GC.CollectionCount(g);
        t.HeapBytes = GC.GetTotalMemory(forceFullCollection: false);
        if (_dahdi is not null)
        {
            var d = _dahdi();
            t.PseudoChannels = d.PseudoChannels;
            t.TimerChannels = d.TimerChannels;
            t.BlocksDelivered = d.BlocksDelivered;
            t.BlocksLost = d.BlocksLost;
            t.TimerEvents = d.TimerEvents;
            t.Requests = d.Requests;
        }
        _page.Publish(t);
    }

    /// <summary>The exported bucket a lateness in seconds falls in (the last slot is +Inf).</summary>
    public static int SlotOf(double seconds)
    {
        var bounds = TickMetrics.LatenessBuckets;
        for (int i = 0; i < bounds.Length; i++)
            if (seconds <= bounds[i]) return i;
        return bounds.Length;
    }

    /// <summary>Stops the thread after a last publication, so the final numbers reach the page.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread?.Join();
        Publish();
        _stop.Dispose();
    }
}
