using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// The sources that keep the absolute schedule themselves and sleep toward each deadline with
/// clock_nanosleep (nanosleep, hybrid): after a late wake-up they count every deadline that passed and
/// aim for the next one still ahead.
/// </summary>
internal abstract class SleepingSource(TickSourceOptions options, IMonotonicClock clock) : ITickSource
{
    private TickSchedule _schedule;
    private long _last;

    public abstract TickSourceKind Kind { get; }

    public int Rate => options.Rate;

    protected IMonotonicClock Clock => clock;

    /// <summary>The deadline the next wake-up waits for.</summary>
    protected long NextDeadlineNs => _schedule.DeadlineNs(_last + 1);

    public TickSchedule Start(long originNs)
    {
        _schedule = new TickSchedule(originNs, options.Rate);
        _last = 0;
        AbsoluteSleep.Bind();
        return _schedule;
    }

    public abstract int WaitTick();

    /// <summary>Moves past every deadline due at <paramref name="nowNs"/>; returns how many (≥ 1).</summary>
    protected int Advance(long nowNs) => TickCounting.Advance(ref _last, _schedule, nowNs);

    public void Dispose() => GC.SuppressFinalize(this);
}
