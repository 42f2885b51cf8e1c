using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME) to each deadline of an absolute schedule: the wake-up
/// latency never accumulates. After a late wake-up it counts every deadline that passed (cyclictest
/// skips them silently) and sleeps for the next one still ahead.
/// </summary>
internal sealed class NanosleepSource(TickSourceOptions options, IMonotonicClock clock) : SleepingSource(options, clock)
{
    public override TickSourceKind Kind => TickSourceKind.Nanosleep;

    public override int WaitTick()
    {
        Sleep.Until(NextDeadlineNs);
        return Advance(Clock.NowNs());
    }
}
