using Metronome.Linux;

namespace Metronome.Sources;

/// <summary>
/// clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) to each deadline of an absolute schedule: the wake-up
/// latency never accumulates. After a late wake-up it counts every deadline that passed (cyclictest
/// skips them silently) and sleeps for the next one still ahead.
/// </summary>
public sealed class NanosleepSource(TickSourceOptions options, IMonotonicClock clock) : ITickSource
{
    private TickSchedule _schedule;
    private long _last;

    public string Name => TickSourceKind.Nanosleep;

    public int Rate => options.Rate;

    public TickSchedule Start(long originNs)
    {
        _schedule = new TickSchedule(originNs, options.Rate);
        _last = 0;
        AbsoluteSleep.Bind();
        return _schedule;
    }

    public int WaitTick()
    {
        Sleep.Until(_schedule.DeadlineNs(_last + 1));
        return TickCounting.Advance(ref _last, _schedule, clock.NowNs());
    }

    public void Dispose() { }
}
