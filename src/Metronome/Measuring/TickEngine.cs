using System.Runtime.CompilerServices;
using Metronome.Linux;
using Metronome.Sources;

namespace Metronome.Measuring;

/// <summary>The tick loop: wait, timestamp, record. Nothing in it allocates.</summary>
internal static class TickEngine
{
    /// <param name="endNs">Stop at the first wake-up at or after this time (long.MaxValue: never).</param>
    /// <param name="maxPasses">Stop after this many passes (int.MaxValue: never).</param>
    /// <param name="stop">Checked once per tick; set from another thread to end the run.</param>
    /// <param name="passCompleted">Released once per pass so a reader can wait instead of polling.</param>
    public static void Run(ITickSource source, IMonotonicClock clock, TickRecorder recorder,
        long endNs, int maxPasses, StrongBox<bool> stop, SemaphoreSlim passCompleted)
    {
        while (!Volatile.Read(ref stop.Value))
        {
            int elapsed = source.WaitTick();
            long now = clock.NowNs();
            if (recorder.OnWake(elapsed, now))
            {
                passCompleted.Release();
                if (recorder.Passes.Count >= maxPasses) return;
            }
            if (now >= endNs) return;
        }
    }
}
