using System.Globalization;
using Metronome.Measuring;
using Metronome.Measuring.Stalls;
using Prometheus;

namespace Metronome.Monitoring;

/// <summary>
/// The Prometheus metrics of a running tick (metronome monitor, metronome dahdi --metrics), in a registry
/// of their own with the process metrics. Nothing here runs on the tick thread: every scrape (before it
/// is written) reads the live recorder and stall detector and brings the metrics up to date, turning the
/// recorder's 1 µs histogram into the exported lateness histogram by the difference since the previous
/// scrape. The tick path stays as it is: 0 bytes, no shared writes.
/// </summary>
internal sealed class TickMetrics
{
    /// <summary>Lateness buckets in seconds: 10 µs to 100 ms, with telephony's 1 ms and 20 ms among them.</summary>
    public static readonly double[] LatenessBuckets =
        [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

    /// <summary>A pass scoring below this counts in metronome_dahdi_passes_below_99_99_total.</summary>
    public const double GoodPassScore = 99.99;

    private readonly object _gate = new();
    private readonly Histogram _lateness;
    private readonly Counter _ticks, _missed, _wakeups, _passes, _passesBelow, _scrapes;
    private readonly Counter _stalls;
    private readonly Gauge _worst, _passScore, _doctor, _doctorTime;
    private TickRecorder? _recorder;
    private StallDetector? _detector;
    private long[] _seen = [];
    private long _seenOverflows;
    private int _seenPasses;

    private readonly Gauge _info;

    public TickMetrics(bool processMetrics = true)
    {
        Registry = Metrics.NewCustomRegistry();
        if (processMetrics) DotNetStats.Register(Registry);
        Factory = Metrics.WithCustomRegistry(Registry);
        _lateness = Factory.CreateHistogram("metronome_tick_lateness_seconds",
            "Lateness of each wake-up of the tick thread: wake-up time minus the deadline it waited for.",
            new HistogramConfiguration { Buckets = LatenessBuckets });
        _ticks = Factory.CreateCounter("metronome_ticks_total", "Scheduled ticks that have passed.");
        _missed = Factory.CreateCounter("metronome_missed_ticks_total", "Deadlines that passed while the tick thread was already late for an earlier one.");
        _wakeups = Factory.CreateCounter("metronome_wakeups_total", "Times the tick source returned (ticks = wakeups + missed ticks).");
        _stalls = Factory.CreateCounter("metronome_stalls_total",
            "Ticks later than the stall threshold or that missed ticks, by cause (runqueue, steal, gc, unexplained).",
            new CounterConfiguration { LabelNames = ["cause"] });
        foreach (var cause in StallCauses.All) _stalls.WithLabels(StallCauses.Name(cause));
        _worst = Factory.CreateGauge("metronome_worst_lateness_seconds",
            "The latest wake-up since the previous scrape (1 us resolution; 0 when no tick came in between).");
        _passScore = Factory.CreateGauge("metronome_dahdi_pass_score",
            "dahdi_test's accuracy of the last completed pass, in percent (100 is perfect; 99.99 a definite pass).");
        _passes = Factory.CreateCounter("metronome_dahdi_passes_total", "dahdi-style passes completed (about 1.024 s each).");
        _passesBelow = Factory.CreateCounter("metronome_dahdi_passes_below_99_99_total", "dahdi-style passes that scored below 99.99%.");
        _info = Factory.CreateGauge("metronome_info", "The tick being measured: its source, rate (Hz), scheduling policy and Metronome's version.",
            new GaugeConfiguration { LabelNames = ["source", "rate", "policy", "version"] });
        _doctor = Factory.CreateGauge("metronome_doctor_verdict",
            "The host check's verdict (1 for the current one): ready, caveats, cannot-tell or unsuitable; all 0 before the first check.",
            new GaugeConfiguration { LabelNames = ["verdict"] });
        foreach (var verdict in Verdicts) _doctor.WithLabels(verdict).Set(0);
        _doctorTime = Factory.CreateGauge("metronome_doctor_timestamp_seconds", "When the host check last ran (Unix time; 0 before the first).");
        _scrapes = Factory.CreateCounter("metronome_scrapes_total", "Scrapes of this endpoint served, this one included.");
        Registry.AddBeforeCollectCallback(Update);
    }

    private static readonly string[] Verdicts = ["ready", "caveats", "cannot-tell", "unsuitable"];

    public CollectorRegistry Registry { get; }

    /// <summary>For a verb's own metrics in the same registry (metronome dahdi's channels and blocks).</summary>
    public IMetricFactory Factory { get; }

    /// <summary>The run to report on, once it ticks; scrapes before it see zeros.</summary>
    public void Attach(TickRecorder recorder, StallDetector? stalls)
    {
        lock (_gate)
        {
            _recorder = recorder;
            _detector = stalls;
            _seen = new long[recorder.Histogram.Buckets.Length];
            _seenOverflows = 0;
            _seenPasses = 0;
        }
    }

    /// <summary>metronome_info, once the source is open and the tick thread knows its policy.</summary>
    public void SetInfo(string source, int rate, string policy, string version) =>
        _info.WithLabels(source, rate.ToString(CultureInfo.InvariantCulture), policy, version).Set(1);

    public void SetDoctorVerdict(string verdict, DateTimeOffset at)
    {
        foreach (var v in Verdicts) _doctor.WithLabels(v).Set(v == verdict ? 1 : 0);
        _doctorTime.Set(at.ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>Brings every metric up to date; runs before each scrape (public for tests and for a final flush).</summary>
    public void Update()
    {
        lock (_gate)
        {
            _scrapes.Inc();
            if (_recorder is not { } recorder) return;
            var histogram = recorder.Histogram;
            var buckets = histogram.Buckets;
            long worstNs = -1;
            for (int i = 0; i < buckets.Length; i++)
            {
                long count = buckets[i];
                long delta = count - _seen[i];
                if (delta <= 0) continue;
                // The middle of the 1 µs bucket: a wake-up 1000.4 µs late is later than 1 ms.
                _lateness.Observe((i + 0.5) / 1e6, delta);
                _seen[i] = count;
                worstNs = i * 1000L;
            }
            long overflows = histogram.Overflows;
            if (overflows > _seenOverflows)
            {
                long max = histogram.MaxNs;
                _lateness.Observe(max / 1e9, overflows - _seenOverflows);
                _seenOverflows = overflows;
                worstNs = Math.Max(worstNs, max);
            }
            _worst.Set(Math.Max(0, worstNs) / 1e9);
            _ticks.IncTo(recorder.Ticks);
            _missed.IncTo(recorder.MissedTicks);
            _wakeups.IncTo(recorder.Wakeups);

            var passes = recorder.Passes;
            int completed = passes.Count;
            for (int i = Math.Max(_seenPasses, passes.Oldest); i < completed; i++)
            {
                double score = passes[i].Score;
                _passScore.Set(score);
                if (score < GoodPassScore) _passesBelow.Inc();
            }
            _passes.IncTo(completed);
            _seenPasses = completed;

            if (_detector is { } detector)
                foreach (var cause in StallCauses.All) _stalls.WithLabels(StallCauses.Name(cause)).IncTo(detector.CountOf(cause));
        }
    }
}
