namespace Metronome.Timing.Sources;

/// <summary>
/// A 1..10000 Hz tick. <see cref="WaitTick"/> blocks until the next deadline has passed and returns how
/// many deadlines passed since the previous return, so a late wake-up reports its missed ticks instead
/// of hiding them. Implementations must not allocate in <see cref="WaitTick"/>.
/// </summary>
internal interface ITickSource : IDisposable
{
    /// <summary>Which source it is.</summary>
    TickSourceKind Kind { get; }

    /// <summary>Ticks per second, fixed when the source was opened.</summary>
    int Rate { get; }

    /// <summary>
    /// Begins ticking and returns the schedule the ticks follow, at <see cref="Rate"/>: the first tick is
    /// due one period after its origin. Sources that keep their own schedule start it at
    /// <paramref name="originNs"/>; a source that follows a clock it does not control (a DAHDI device)
    /// starts it at the time it locked on to that clock.
    /// </summary>
    TickSchedule Start(long originNs);

    /// <summary>Blocks for the next tick; returns the ticks elapsed since the last call (≥ 1).</summary>
    int WaitTick();
}
