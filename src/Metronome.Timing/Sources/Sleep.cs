using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>The sources' absolute sleep: a failure of clock_nanosleep ends the run with its reason.</summary>
internal static class Sleep
{
    public static void Until(long deadlineNs)
    {
        int error = AbsoluteSleep.Until(deadlineNs);
        if (error != 0) throw new TickSourceException($"clock_nanosleep failed: {LibC.ErrorText(error)}");
    }
}
