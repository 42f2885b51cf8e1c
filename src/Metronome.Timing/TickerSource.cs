namespace Metronome.Timing;

/// <summary>The timer a <see cref="Ticker"/> sleeps on.</summary>
public enum TickerSource
{
    /// <summary>The best precise source that opens on this host (the same rule as <c>metronome test --source auto</c>).</summary>
    Auto,

    /// <summary>A timerfd on CLOCK_MONOTONIC: the kernel keeps the schedule and counts overruns.</summary>
    TimerFd,

    /// <summary><c>clock_nanosleep(TIMER_ABSTIME)</c> to each deadline of a schedule that never drifts.</summary>
    Nanosleep,

    /// <summary>Sleep to shortly before each deadline, then spin: sub-microsecond lateness for about a tenth of a core.</summary>
    Hybrid,
}
