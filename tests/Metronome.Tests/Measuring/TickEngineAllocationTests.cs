using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;
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
        using var passCompleted = new PassSignal();
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

    [Fact]
    public void Given_a_recorder_that_keeps_a_time_series_When_the_engine_runs_5000_ticks_Then_it_still_allocates_nothing()
    {
        var clock = new ScriptedClock(Scripted.Origin);
        var source = new ScriptedSource(clock, ScriptedSource.Periodic(1_000_000));
        using var passCompleted = new PassSignal();
        using var loop = new TickThread();
        long endNs = Scripted.Origin + 5000 * 1_000_000L;
        var warmUp = new TickRecorder(source.Start(Scripted.Origin)) { Timeline = new RunTimeline(null) };
        loop.Loop(source, new TickEngine(clock, warmUp, endNs, int.MaxValue, passCompleted));

        var timeline = new RunTimeline(null);
        var recorder = new TickRecorder(source.Start(Scripted.Origin)) { Timeline = timeline };
        var engine = new TickEngine(clock, recorder, endNs, int.MaxValue, passCompleted);
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.Loop(source, engine);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(5000, recorder.Wakeups);
        Assert.Equal(0, allocated);
        Assert.Equal(51, timeline.Snapshot().Segments[0].WorstNs.Count(w => w is not null)); // 1 ms … 5000 ms: slots 0 … 50
    }
}
