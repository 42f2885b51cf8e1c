namespace Metronome.Timing.Linux;

/// <summary>
/// The clock every measurement uses: CLOCK_MONOTONIC in nanoseconds. A seam so that engine logic
/// runs on scripted time in tests.
/// </summary>
internal interface IMonotonicClock
{
    long NowNs();
}
