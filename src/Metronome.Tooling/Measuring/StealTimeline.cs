using Metronome.Timing.Linux;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// Host steal per interval (1 s to start), from successive /proc/stat readings. Bounded like
/// <see cref="RunTimeline"/>: when the store fills, neighbouring slots merge and the interval doubles.
/// Steal and total CPU time are kept as counts, so a merged slot is exact, not an average of averages.
/// Fed by <see cref="StealSampler"/> off the tick path.
/// </summary>
internal sealed class StealTimeline
{
    public const long DefaultIntervalNs = 1_000_000_000;
    public const int DefaultSlots = 86_400;

    private readonly long[] _steal;
    private readonly long[] _total;
    private readonly bool[] _known;
    private readonly object _gate = new();
    private int _used;
    private CpuTimes? _last;

    public StealTimeline(int slots = DefaultSlots)
    {
        int n = Math.Max(2, slots & ~1);
        _steal = new long[n];
        _total = new long[n];
        _known = new bool[n];
        IntervalNs = DefaultIntervalNs;
    }

    public long IntervalNs { get; private set; }

    /// <summary>The reading at the start of the run (offset 0).</summary>
    public void Start(CpuTimes? reading)
    {
        lock (_gate) _last = reading;
    }

    /// <summary>
    /// A reading at the end of sampling interval <paramref name="index"/> (0-based, each 1 s long);
    /// a missing reading (null) leaves that second unknown.
    /// </summary>
    public void Add(int index, CpuTimes? reading)
    {
        lock (_gate)
        {
            long slot = index * DefaultIntervalNs / IntervalNs;
            while (slot >= _steal.Length)
            {
                Halve();
                slot = index * DefaultIntervalNs / IntervalNs;
            }
            if (_last is { } a && reading is { } b && b.Total > a.Total)
            {
                _steal[slot] += b.Steal - a.Steal;
                _total[slot] += b.Total - a.Total;
                _known[slot] = true;
            }
            _last = reading;
            if (slot >= _used) _used = (int)slot + 1;
        }
    }

    private void Halve()
    {
        int half = _steal.Length / 2;
        for (int i = 0; i < half; i++)
        {
            _steal[i] = _steal[2 * i] + _steal[2 * i + 1];
            _total[i] = _total[2 * i] + _total[2 * i + 1];
            _known[i] = _known[2 * i] || _known[2 * i + 1];
        }
        _steal.AsSpan(half).Clear();
        _total.AsSpan(half).Clear();
        _known.AsSpan(half).Clear();
        _used = (_used + 1) / 2;
        IntervalNs *= 2;
    }

    public StealSeries Snapshot()
    {
        lock (_gate)
        {
            var percent = new double?[_used];
            for (int i = 0; i < _used; i++)
                percent[i] = _known[i] && _total[i] > 0 ? Math.Round(100.0 * _steal[i] / _total[i], 3) : null;
            return new StealSeries(0, IntervalNs, percent);
        }
    }
}

/// <summary>Host steal in % of all CPU time per interval after the schedule origin; null where /proc/stat could not be read.</summary>
internal sealed record StealSeries(long StartNs, long IntervalNs, IReadOnlyList<double?> Percent)
{
    public static readonly StealSeries None = new(0, StealTimeline.DefaultIntervalNs, []);
}

/// <summary>
/// Reads /proc/stat once a second on its own thread into a <see cref="StealTimeline"/>, so the tick
/// thread never touches a file. Wakes on the run's monotonic schedule (origin + k s).
/// </summary>
internal sealed class StealSampler : IDisposable
{
    private readonly StealTimeline _timeline;
    private readonly Func<CpuTimes?> _read;
    private readonly ManualResetEventSlim _stop = new(false, spinCount: 0); // a timed sleep: no spinning beside the tick
    private readonly Thread _thread;
    private readonly long _originMs;

    public StealSampler(StealTimeline timeline, Func<CpuTimes?>? read = null)
    {
        _timeline = timeline;
        _read = read ?? CpuTimes.Read;
        _timeline.Start(_read());
        _originMs = Environment.TickCount64;
        _thread = new Thread(Loop) { Name = "metronome-steal", IsBackground = true };
        _thread.Start();
    }

    private void Loop()
    {
        for (int k = 0; ; k++)
        {
            long due = _originMs + (k + 1) * 1000L;
            int wait = (int)Math.Max(0, due - Environment.TickCount64);
            if (_stop.Wait(wait)) return;
            _timeline.Add(k, _read());
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
