using Metronome.Timing.Sources;

namespace Metronome.Tests.Fakes;

/// <summary>
/// A source on scripted time: each wait moves the clock to the wake-up time the script gives for that
/// wake-up and returns the elapsed ticks it gives. The script is a delegate over the wake-up number,
/// so the source itself allocates nothing per tick.
/// </summary>
internal sealed class ScriptedSource(ScriptedClock clock, ScriptedSource.Step script, int rate = 1000) : ITickSource
{
    /// <summary>For wake-up <paramref name="n"/> (1-based) of a schedule starting at <paramref name="originNs"/>: when, and how many ticks.</summary>
    public delegate (long WakeNs, int Elapsed) Step(long n, long originNs);

    private long _origin;
    private long _n;

    public TickSourceKind Kind => TickSourceKind.Nanosleep;

    public int Rate => rate;

    public TickSchedule Start(long originNs)
    {
        _origin = originNs;
        _n = 0;
        return new TickSchedule(originNs, rate);
    }

    public int WaitTick()
    {
        var (wake, elapsed) = script(++_n, _origin);
        clock.Now = wake;
        return elapsed;
    }

    public void Dispose() { }

    /// <summary>Every tick exactly <paramref name="periodNs"/> apart: faster or slower than the nominal rate.</summary>
    public static Step Periodic(long periodNs) => (n, origin) => (origin + n * periodNs, 1);
}
