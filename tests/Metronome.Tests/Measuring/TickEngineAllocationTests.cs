using Metronome.Measuring;
using Metronome.Sources;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Measuring;

public class TickEngineAllocationTests
{
    [Fact]
    public void Given_5000_scripted_ticks_When_the_engine_runs_them_Then_it_allocates_nothing()
    {
        var clock = new ScriptedClock(Scripted.Origin);
        var source = new ScriptedSource(clock, ScriptedSource.Periodic(1_000_000));
        var recorder = new TickRecorder(source.Start(Scripted.Origin));
        using var passCompleted = new SemaphoreSlim(0);
        using var loop = new TickThread(); // not started: its loop runs here, on the test's thread
        long endNs = Scripted.Origin + 5000 * 1_000_000L;
        // Warm up with the same run, passes included, so first-time paths run outside the measured window.
        loop.Loop(source, new TickEngine(clock, recorder, endNs, int.MaxValue, passCompleted));

        recorder = new TickRecorder(source.Start(Scripted.Origin));
        var engine = new TickEngine(clock, recorder, endNs, int.MaxValue, passCompleted);
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.Loop(source, engine);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(5000, recorder.Wakeups);
        Assert.Equal(4, recorder.Passes.Count);
        Assert.Equal(0, allocated);
    }
}
