using System.Runtime.CompilerServices;
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
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000));
        var stop = new StrongBox<bool>(false);
        using var passCompleted = new SemaphoreSlim(0);
        long endNs = Scripted.Origin + 5000 * 1_000_000L;
        // Warm up with the same run, passes included, so first-time paths run outside the measured window.
        source.Start(Scripted.Origin);
        TickEngine.Run(source, clock, recorder, endNs, int.MaxValue, stop, passCompleted);

        recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000));
        source.Start(Scripted.Origin);
        long before = GC.GetAllocatedBytesForCurrentThread();
        TickEngine.Run(source, clock, recorder, endNs, int.MaxValue, stop, passCompleted);
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
        var stop = new StrongBox<bool>(false);
        using var passCompleted = new SemaphoreSlim(0);
        long endNs = Scripted.Origin + 5000 * 1_000_000L;
        source.Start(Scripted.Origin);
        TickEngine.Run(source, clock, new TickRecorder(new TickSchedule(Scripted.Origin, 1000)) { Timeline = new RunTimeline(null) }, endNs, int.MaxValue, stop, passCompleted);

        var timeline = new RunTimeline(null);
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000)) { Timeline = timeline };
        source.Start(Scripted.Origin);
        long before = GC.GetAllocatedBytesForCurrentThread();
        TickEngine.Run(source, clock, recorder, endNs, int.MaxValue, stop, passCompleted);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(5000, recorder.Wakeups);
        Assert.Equal(0, allocated);
        Assert.Equal(51, timeline.Snapshot().Segments[0].WorstNs.Count(w => w is not null)); // 1 ms … 5000 ms: slots 0 … 50
    }
}
