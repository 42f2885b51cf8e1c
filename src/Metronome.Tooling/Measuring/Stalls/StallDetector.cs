using System.Runtime.CompilerServices;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>
/// Finds stalls on the tick thread and attributes each to a cause. On an ordinary tick it compares two
/// numbers and returns; only a stall reads evidence (the tick thread's schedstat, /proc/stat, its CPU),
/// into buffers allocated up front, so neither path allocates.
/// <para>
/// The kernel's counters are cumulative, so a stall is judged against a baseline reading: the reading at
/// the previous stall, or a newer one that <see cref="Sample"/> takes off the tick thread (every second
/// with <see cref="StartSampling"/>). Sampling also learns how much run delay an ordinary wake-up adds
/// (a SCHED_OTHER thread waits tens of µs at every wake-up), which is taken off the growth a stall shows.
/// Cause: <see cref="StallCause.Runqueue"/> when that corrected growth is at least half the lateness;
/// else <see cref="StallCause.Steal"/> when the CPU's steal rose in the window; else
/// <see cref="StallCause.Gc"/> when a garbage collection ran in it; else unexplained.
/// </para>
/// Stalls are kept in a ring of <see cref="Capacity"/> records (single writer, any number of readers by
/// index): memory is bounded however long the run.
/// </summary>
internal sealed class StallDetector : IDisposable
{
    public const long DefaultThresholdNs = 1_000_000;
    public const int DefaultCapacity = 1024;

    /// <summary>A stall whose corrected run-delay growth is at least this share of its lateness is a run-queue stall.</summary>
    public const double RunqueueShare = 0.5;

    private const int TextBytes = 64 * 1024;
    private readonly IStallEvidence _evidence;
    private readonly IMonotonicClock _clock;
    private readonly TimeProvider _wallClock;
    private readonly long _nsPerStealTick;
    private readonly Stall[] _ring;
    private readonly long[] _byCause = new long[StallCauses.All.Length];
    // System.Threading.Lock: contention between the sampler and a stall does not inflate a sync block (an allocation).
    private readonly Lock _gate = new();
    // The tick thread and the sampler read /proc into buffers of their own, outside the gate.
    private readonly byte[] _tickText = new byte[TextBytes], _sampleText = new byte[TextBytes];
    private readonly int _cpus;
    private readonly long[] _tickSteal, _sampleSteal, _baselineSteal;
    private Reading _baseline;
    private double _normalRunDelayPerSlice;
    private bool _attached;
    private long _count;
    private Thread? _sampler;
    private ManualResetEventSlim? _stopSampling;

    /// <param name="thresholdNs">A wake-up later than this is a stall (a wake-up that missed ticks always is).</param>
    /// <param name="evidence">Where evidence comes from (default: the live /proc).</param>
    /// <param name="clock">The monotonic clock for the evidence window.</param>
    /// <param name="wallClock">Labels stalls with UTC time.</param>
    /// <param name="capacity">How many stalls are kept for readers.</param>
    /// <param name="userHz">/proc/stat's tick rate (USER_HZ, 100 on Linux).</param>
    public StallDetector(long thresholdNs = DefaultThresholdNs, IStallEvidence? evidence = null, IMonotonicClock? clock = null,
        TimeProvider? wallClock = null, int capacity = DefaultCapacity, int userHz = 100, int cpus = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholdNs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        ThresholdNs = thresholdNs;
        _evidence = evidence ?? new ProcStallEvidence();
        _clock = clock ?? MonotonicClock.Instance;
        _wallClock = wallClock ?? TimeProvider.System;
        _nsPerStealTick = 1_000_000_000L / userHz;
        _ring = new Stall[capacity];
        _cpus = cpus > 0 ? cpus : Math.Max(Environment.ProcessorCount, 1);
        // One slot per CPU, then the aggregate "cpu" line (used when the stall's CPU is unknown).
        _tickSteal = new long[_cpus + 1];
        _sampleSteal = new long[_cpus + 1];
        _baselineSteal = new long[_cpus + 1];
    }

    public long ThresholdNs { get; }
    public int Capacity => _ring.Length;

    /// <summary>Stalls recorded so far (the index the next one gets).</summary>
    public long Count => Volatile.Read(ref _count);

    public long CountOf(StallCause cause) => Volatile.Read(ref _byCause[(int)cause]);

    /// <summary>The run delay one ordinary wake-up adds, as last learnt by <see cref="Sample"/>.</summary>
    public double NormalRunDelayPerSliceNs
    {
        get { lock (_gate) return _normalRunDelayPerSlice; }
    }

    /// <summary>On the tick thread, before it ticks: names the thread to watch and takes the first baseline.</summary>
    public void Attach()
    {
        _evidence.Attach();
        var now = ReadEvidence(_tickText, _tickSteal);
        lock (_gate)
        {
            _baseline = now;
            Array.Copy(_tickSteal, _baselineSteal, _tickSteal.Length);
            _attached = true;
        }
    }

    /// <summary>Per wake-up, on the tick thread: two comparisons unless it is a stall.</summary>
    /// <param name="tick">The deadline waited for.</param>
    /// <param name="latenessNs">Wake-up time minus that deadline.</param>
    /// <param name="missedTicks">Further deadlines passed in the same wait.</param>
    /// <returns>True when it was a stall (and was recorded).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool OnWake(long tick, long latenessNs, long missedTicks)
    {
        if (latenessNs <= ThresholdNs && missedTicks <= 0) return false;
        Record(tick, latenessNs, missedTicks);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Record(long tick, long latenessNs, long missedTicks)
    {
        var at = _wallClock.GetUtcNow();
        int cpu = _evidence.CurrentCpu();
        long runDelay = -1, steal = -1, window = 0;
        int collections = 0;
        var now = ReadEvidence(_tickText, _tickSteal);
        // Never wait for the sampler, a SCHED_OTHER thread that a busy host may stop while it holds the gate:
        // a stall that finds it taking a baseline goes without evidence (unexplained), the next tick on time.
        if (_gate.TryEnter())
        {
            try
            {
                Compare(now, out runDelay, out steal, out window, out collections, cpu);
            }
            finally
            {
                _gate.Exit();
            }
        }
        var cause = Attribute(latenessNs, runDelay, steal, collections);
        long i = _count;
        _ring[i % _ring.Length] = new Stall(at, tick, latenessNs, missedTicks, cpu, cause, runDelay, steal, window, collections);
        Volatile.Write(ref _byCause[(int)cause], _byCause[(int)cause] + 1);
        Volatile.Write(ref _count, i + 1);
    }

    /// <summary>
    /// Inside the gate, on the tick thread: the stall's evidence against the baseline (none before the first
    /// baseline, or against one newer than the stall's own reading), and the stall's reading becomes the
    /// next baseline: the window after it starts clean.
    /// </summary>
    private void Compare(in Reading now, out long runDelay, out long steal, out long window, out int collections, int cpu)
    {
        runDelay = -1;
        steal = -1;
        window = 0;
        collections = 0;
        if (_attached && now.AtNs >= _baseline.AtNs)
        {
            if (now.RunDelayNs >= 0 && _baseline.RunDelayNs >= 0)
            {
                // The stall's own wake-up is one of the slices; the others are ordinary wake-ups.
                long ordinary = Math.Max(0, now.Slices - _baseline.Slices - 1);
                long growth = now.RunDelayNs - _baseline.RunDelayNs;
                runDelay = Math.Max(0, growth - (long)(_normalRunDelayPerSlice * ordinary));
            }
            int slot = cpu >= 0 && cpu < _cpus ? cpu : _cpus;
            if (now.HasStat && _baseline.HasStat && _tickSteal[slot] >= 0 && _baselineSteal[slot] >= 0)
                steal = (_tickSteal[slot] - _baselineSteal[slot]) * _nsPerStealTick;
            window = now.AtNs - _baseline.AtNs;
            collections = now.Collections - _baseline.Collections;
        }
        _baseline = now;
        Array.Copy(_tickSteal, _baselineSteal, _tickSteal.Length);
        _attached = true;
    }

    /// <summary>The attribution rule, on its own so that it can be read and tested as one.</summary>
    public static StallCause Attribute(long latenessNs, long runDelayNs, long stealNs, int gcCollections = 0)
    {
        if (runDelayNs >= 0 && runDelayNs >= latenessNs * RunqueueShare) return StallCause.Runqueue;
        if (stealNs > 0) return StallCause.Steal;
        if (gcCollections > 0) return StallCause.Gc;
        return StallCause.Unexplained;
    }

    /// <summary>
    /// Off the tick thread: a fresh baseline, and the run delay per ordinary wake-up since the last one
    /// (no stall lies in between: a stall resets the baseline). Does nothing before <see cref="Attach"/>.
    /// </summary>
    public void Sample()
    {
        if (!Volatile.Read(ref _attached)) return;
        // Read before taking the gate, so the gate is held for a few stores only.
        var now = ReadEvidence(_sampleText, _sampleSteal);
        lock (_gate)
        {
            // A stall may have taken a newer baseline meanwhile.
            if (!_attached || now.AtNs < _baseline.AtNs) return;
            if (now.RunDelayNs >= 0 && _baseline.RunDelayNs >= 0 && now.Slices > _baseline.Slices)
                _normalRunDelayPerSlice = (double)(now.RunDelayNs - _baseline.RunDelayNs) / (now.Slices - _baseline.Slices);
            _baseline = now;
            Array.Copy(_sampleSteal, _baselineSteal, _sampleSteal.Length);
        }
    }

    /// <summary>Starts a background thread that calls <see cref="Sample"/> every <paramref name="interval"/>; call it from a non-tick thread (threads inherit their creator's scheduling).</summary>
    public void StartSampling(TimeSpan interval)
    {
        if (_sampler is not null) return;
        var stop = new ManualResetEventSlim(false, spinCount: 0); // a timed sleep: no spinning beside the tick
        _stopSampling = stop;
        _sampler = new Thread(() =>
        {
            while (!stop.Wait(interval)) Sample();
        }) { Name = "metronome-stall-baseline", IsBackground = true };
        _sampler.Start();
    }

    /// <summary>The stall with index <paramref name="index"/> (0-based, in order); false when not yet recorded or already overwritten.</summary>
    public bool TryGet(long index, out Stall stall)
    {
        // The writer may be overwriting the slot of index (count - capacity) as it is read: refuse it too.
        long count = Volatile.Read(ref _count);
        if (index < 0 || index >= count || index <= count - _ring.Length)
        {
            stall = default;
            return false;
        }
        stall = _ring[index % _ring.Length];
        if (index <= Volatile.Read(ref _count) - _ring.Length)
        {
            stall = default;
            return false;
        }
        return true;
    }

    /// <summary>The oldest index still readable.</summary>
    public long OldestAvailable => Math.Max(0, Count - _ring.Length + 1);

    /// <summary>Reads the evidence into a caller's buffers (each thread has its own): no gate needed.</summary>
    private Reading ReadEvidence(byte[] text, long[] steal)
    {
        long at = _clock.NowNs();
        long runDelay = -1, slices = 0;
        int n = _evidence.ReadSchedstat(text);
        if (n <= 0 || !ProcText.TryParseSchedstat(text.AsSpan(0, n), out _, out runDelay, out slices)) runDelay = -1;
        n = _evidence.ReadStat(text);
        bool hasStat = n > 0 && ProcStat.TryParseSteal(text.AsSpan(0, n), steal.AsSpan(0, _cpus), out steal[_cpus]);
        return new Reading(at, runDelay, slices, hasStat, _evidence.GcCollections());
    }

    public void Dispose()
    {
        _stopSampling?.Set();
        _sampler?.Join();
        _stopSampling?.Dispose();
    }

    private readonly record struct Reading(long AtNs, long RunDelayNs, long Slices, bool HasStat, int Collections);
}
