using System.Diagnostics;
using Metronome.Timing.Linux;

namespace Metronome.Timing;

/// <summary>
/// The monotonic clock where libc's clock_gettime cannot be called (the best-effort ticker on other
/// operating systems): Stopwatch's timestamp in nanoseconds.
/// </summary>
internal sealed class StopwatchClock : IMonotonicClock
{
    public static StopwatchClock Instance { get; } = new();

    private static readonly double NsPerTimestamp = 1e9 / Stopwatch.Frequency;

    private StopwatchClock() { }

    public long NowNs() => Stopwatch.Frequency == 1_000_000_000 ? Stopwatch.GetTimestamp() : (long)(Stopwatch.GetTimestamp() * NsPerTimestamp);
}
