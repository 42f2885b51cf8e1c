namespace Metronome.Sources;

/// <summary>
/// A 1..10000 Hz tick. <see cref="WaitTick"/> blocks until the next deadline has passed and returns how
/// many deadlines passed since the previous return, so a late wake-up reports its missed ticks instead
/// of hiding them. Implementations must not allocate in <see cref="WaitTick"/>.
/// </summary>
public interface ITickSource : IDisposable
{
    string Name { get; }

    /// <summary>
    /// Begins the schedule and returns its origin: the first tick is due one period after it. Sources
    /// that keep their own schedule start it at <paramref name="originNs"/> and return that; a source
    /// that follows a clock it does not control (a DAHDI device) returns the time it locked on to it.
    /// </summary>
    long Start(long originNs);

    /// <summary>Blocks for the next tick; returns the ticks elapsed since the last call (≥ 1).</summary>
    int WaitTick();
}
