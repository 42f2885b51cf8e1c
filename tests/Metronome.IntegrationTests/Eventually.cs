using System.Diagnostics;

namespace Metronome.IntegrationTests;

/// <summary>Waits on a condition rather than for a fixed time: returns as soon as it holds, gives up after a generous timeout.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it is true or <paramref name="timeout"/> has passed; its last answer.</summary>
    public static bool True(Func<bool> condition, TimeSpan timeout, int everyMs = 100)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (condition()) return true;
            Thread.Sleep(everyMs);
        }
        return condition();
    }
}
