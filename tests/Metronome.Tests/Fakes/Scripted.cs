using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Fakes;

/// <summary>Runs the recorder over a script on the calling thread, deterministically.</summary>
internal static class Scripted
{
    public const long Origin = 1_000_000_000;

    public static TickRecorder Record(ScriptedSource.Step script, long wakeups, int rate = 1000)
    {
        var clock = new ScriptedClock(Origin);
        var source = new ScriptedSource(clock, script, rate);
        var recorder = new TickRecorder(source.Start(Origin));
        for (long i = 0; i < wakeups; i++)
        {
            int elapsed = source.WaitTick();
            recorder.OnWake(elapsed, clock.NowNs());
        }
        return recorder;
    }
}
