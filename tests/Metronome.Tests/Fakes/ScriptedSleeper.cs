using Metronome.Timing.Sources;

namespace Metronome.Tests.Fakes;

/// <summary>
/// A scripted tick thread's source, sleeping as nanosleep does on an absolute schedule: it waits for
/// deadline <c>last + 1</c>, wakes when <see cref="WakeAt"/> says (the clock moves there), and reports
/// every deadline passed by then. <see cref="NextWakeNs"/> lets a test run several of them in the order
/// their wake-ups would happen. Allocates nothing per tick.
/// </summary>
internal sealed class ScriptedSleeper(ScriptedClock clock, ScriptedSleeper.Wake wakeAt, int rate = 1000) : ITickSource
{
    /// <summary>When this thread wakes for a deadline (≥ the deadline).</summary>
    public delegate long Wake(long deadlineNs);

    private TickSchedule _schedule;
    private long _last;

    public TickSourceKind Kind => TickSourceKind.Nanosleep;
    public int Rate => rate;

    public TickSchedule Start(long originNs)
    {
        _schedule = new TickSchedule(originNs, rate);
        _last = 0;
        return _schedule;
    }

    public long NextWakeNs => wakeAt(_schedule.DeadlineNs(_last + 1));

    public int WaitTick()
    {
        long wake = NextWakeNs;
        clock.Now = wake;
        long due = Math.Max(_schedule.IndexAt(wake), _last + 1);
        int elapsed = (int)(due - _last);
        _last = due;
        return elapsed;
    }

    public void Dispose() { }

    /// <summary>Always <paramref name="latencyNs"/> late, except that a stall from <paramref name="stallFromNs"/> to <paramref name="stallToNs"/> holds every wake-up due in it until its end.</summary>
    public static Wake Late(long latencyNs, long stallFromNs = long.MaxValue, long stallToNs = long.MaxValue) =>
        deadline => deadline + latencyNs >= stallFromNs && deadline + latencyNs < stallToNs ? stallToNs : deadline + latencyNs;
}
