using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Measuring;

/// <summary>What a measured run does with each wake-up: timestamp, record, and say when to stop. Nothing in it allocates.</summary>
/// <param name="endNs">Stop at the first wake-up at or after this time (long.MaxValue: never).</param>
/// <param name="maxPasses">Stop after this many passes (int.MaxValue: never).</param>
/// <param name="passCompleted">Raised once per pass so a reader can wait instead of polling.</param>
internal sealed class TickEngine(IMonotonicClock clock, TickRecorder recorder, long endNs, int maxPasses, PassSignal passCompleted) : ITickSink
{
    public bool OnTicks(int elapsed)
    {
        long now = clock.NowNs();
        if (recorder.OnWake(elapsed, now))
        {
            passCompleted.Raise();
            if (recorder.Passes.Count >= maxPasses) return false;
        }
        return now < endNs;
    }
}
