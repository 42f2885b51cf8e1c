using System.Globalization;
using Metronome.Tooling.Measuring.Stalls;
using Prometheus;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// The Prometheus metrics of a running tick (metronome monitor, metronome dahdi --metrics), in a registry
/// of their own. They live in the exporter: every scrape (before it is written) reads the ticking
/// process's latest publication from the shared <see cref="MetricsPage"/> and brings the metrics up to
/// date by the difference since the previous scrape.
/// </summary>
internal sealed unsafe class TickMetrics
{
    /// <summary>Lateness buckets in seconds: 10 µs to 100 ms, with telephony's 1 ms and 20 ms among them.</summary>
    public static readonly double[] LatenessBuckets =
        [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];

    /// <summary>A pass scoring below this counts in metronome_dahdi_passes_below_99_99_total.</summary>
    public const double GoodPassScore = 99.99;

    private static readonly string[] Verdicts = ["ready", "caveats", "cannot-tell", "unsuitable"];

    private readonly object _gate = new();
    private readonly MetricsPage _page;
    private readonly Histogram _lateness;
    private readonly Counter _ticks, _missed, _wakeups, _passes, _passesBelow, _scrapes;
    private readonly Counter.Child[] _stalls = new Counter.Child[MetricsSnapshot.CauseSlots];
    private readonly Gauge _worst, _passScore, _doctor, _doctorTime, _info;
    private readonly DahdiMetrics? _dahdi;
    private readonly ProcessMetrics? _process;
    private MetricsSnapshot _seen;

    /// <param name="dahdi">Also export metronome dahdi's channels, blocks and timer events.</param>
    /// <param name="processDirectory">The ticking process's /proc/PID, for the standard process metrics; null for none.</param>
    public TickMetrics(MetricsPage page, bool dahdi = false, string? processDirectory = null)
    {
        _page = page;
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        _lateness = f.CreateHistogram("metronome_tick_lateness_seconds",
            "Lateness of each wake-up of the tick thread: wake-up time minus the deadline it waited for.",
            new HistogramConfiguration { Buckets = LatenessBuckets });
        _ticks = f.CreateCounter("metronome_ticks_total", "Scheduled ticks that have passed.");
        _missed = f.CreateCounter("metronome_missed_ticks_total", "Deadlines that passed while the tick thread was already late for an earlier one.");
        _wakeups = f.CreateCounter("metronome_wakeups_total", "Times the tick source returned (ticks = wakeups + missed ticks).");
        var stalls = f.CreateCounter("metronome_stalls_total",
            "Ticks later than the stall threshold or that missed ticks, by cause (runqueue, steal, gc, unexplained).",
            new CounterConfiguration { LabelNames = ["cause"] });
        foreach (var cause in StallCauses.All) _stalls[(int)cause] = stalls.WithLabels(StallCauses.Name(cause));
        _worst = f.CreateGauge("metronome_worst_lateness_seconds",
            "The latest wake-up since the previous scrape (1 us resolution; 0 when no tick came in between).");
        _passScore = f.CreateGauge("metronome_dahdi_pass_score",
            "dahdi_test's accuracy of the last completed pass, in percent (100 is perfect; 99.99 a definite pass).");
        _passes = f.CreateCounter("metronome_dahdi_passes_total", "dahdi-style passes completed (about 1.024 s each).");
        _passesBelow = f.CreateCounter("metronome_dahdi_passes_below_99_99_total", "dahdi-style passes that scored below 99.99%.");
        _info = f.CreateGauge("metronome_info", "The tick being measured: its source, rate (Hz), scheduling policy and Metronome's version.",
            new GaugeConfiguration { LabelNames = ["source", "rate", "policy", "version"] });
        _doctor = f.CreateGauge("metronome_doctor_verdict",
            "The host check's verdict (1 for the current one): ready, caveats, cannot-tell or unsuitable; all 0 before the first check.",
            new GaugeConfiguration { LabelNames = ["verdict"] });
        foreach (var verdict in Verdicts) _doctor.WithLabels(verdict).Set(0);
        _doctorTime = f.CreateGauge("metronome_doctor_timestamp_seconds", "When the host check last ran (Unix time; 0 before the first).");
        _scrapes = f.CreateCounter("metronome_scrapes_total", "Scrapes of this endpoint served, this one included.");
        _dahdi = dahdi ? new DahdiMetrics(f) : null;
        _process = processDirectory is null ? null : new ProcessMetrics(f, processDirectory);
        Registry.AddBeforeCollectCallback(Update);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>metronome_info, once the source is open and the tick thread knows its policy.</summary>
    public void SetInfo(string source, int rate, string policy, string version) =>
        _info.WithLabels(source, rate.ToString(CultureInfo.InvariantCulture), policy, version).Set(1);

    public void SetDoctorVerdict(string verdict, DateTimeOffset at)
    {
        foreach (var v in Verdicts) _doctor.WithLabels(v).Set(v == verdict ? 1 : 0);
        _doctorTime.Set(at.ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>Brings every metric up to date from the page; runs before each scrape (public for tests).</summary>
    public void Update()
    {
        lock (_gate)
        {
            _scrapes.Inc();
            var s = _page.Read();
            _worst.Set(_page.TakeWorst() / 1e9);
            for (int slot = 0; slot < MetricsSnapshot.LatenessSlots; slot++)
            {
                long count = s.LatenessCounts[slot] - _seen.LatenessCounts[slot];
                if (count <= 0) continue;
                // The mean of the new wake-ups in this bucket lies inside it: observed that many times, it
                // lands them in the right bucket and keeps the sum exact.
                _lateness.Observe((s.LatenessSums[slot] - _seen.LatenessSums[slot]) / count, count);
            }
            _ticks.IncTo(s.Ticks);
            _missed.IncTo(s.MissedTicks);
            _wakeups.IncTo(s.Wakeups);
            if (s.Passes > 0) _passScore.Set(s.LastPassScore);
            _passes.IncTo(s.Passes);
            _passesBelow.IncTo(s.PassesBelowGood);
            foreach (var cause in StallCauses.All) _stalls[(int)cause].IncTo(s.Stalls[(int)cause]);
            _dahdi?.Update(s, _seen);
            _process?.Update(s);
            _seen = s;
        }
    }
}
