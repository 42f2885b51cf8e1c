using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Measuring;

public class TickRunTests
{
    private static TickRun ScriptedRun(ScriptedSource.Step script, int? maxPasses = null, TimeSpan? duration = null)
    {
        var clock = new ScriptedClock(Scripted.Origin);
        return new TickRun(new ScriptedSource(clock, script), new TickRunOptions(RealtimeRequest.None, maxPasses, duration), clock);
    }

    [Fact]
    public void Given_a_pass_limit_When_run_with_a_reader_waiting_Then_it_stops_there_and_the_tick_path_allocates_nothing()
    {
        using var run = ScriptedRun(ScriptedSource.Periodic(1_000_000), maxPasses: 5);
        run.Start();
        int seen = 0;
        // Wait, then ask: a scripted run can be over before the reader first looks, and every pass was signalled.
        do
        {
            if (run.WaitForPass(TimeSpan.FromMilliseconds(50))) seen++;
        }
        while (!run.IsCompleted);
        var result = run.Wait();
        while (run.WaitForPass(TimeSpan.Zero)) seen++; // the signals the reader had not taken when the run ended

        Assert.Null(result.Error);
        Assert.Equal(5, result.Summary.Passes);
        Assert.Equal(5 * 1024, result.Ticks);
        Assert.Equal(100.0, result.Summary.Average, precision: 9);
        Assert.Equal(0, result.AllocatedBytes);
        Assert.Equal(5 + 1, seen); // one signal per pass, and one when the run ends, none lost or doubled
    }

    [Fact]
    public void Given_a_duration_When_run_Then_it_stops_at_the_first_wake_up_past_it()
    {
        using var run = ScriptedRun(ScriptedSource.Periodic(1_000_000), duration: TimeSpan.FromSeconds(2));
        run.Start();
        var result = run.Wait();

        Assert.Equal(2000, result.Ticks);
        Assert.Equal(2_000_000_000, result.DurationNs);
        Assert.Equal(1, result.Summary.Passes);
    }

    [Fact]
    public void Given_a_source_that_fails_mid_run_When_run_Then_the_passes_before_the_failure_are_kept()
    {
        var clock = new ScriptedClock(Scripted.Origin);
        var failing = new ScriptedSource(clock, (n, origin) =>
            n <= 2100 ? (origin + n * 1_000_000, 1) : throw new Metronome.Timing.Sources.TickSourceException("device went away"));
        using var run = new TickRun(failing, new TickRunOptions(RealtimeRequest.None), clock);
        run.Start();
        var result = run.Wait();

        Assert.Equal("device went away", result.Error);
        Assert.Equal(2, result.Summary.Passes);
        Assert.Equal(2100, result.Ticks);
    }

    [Fact]
    public void Given_a_run_without_limits_When_stop_is_requested_Then_it_ends_with_what_it_measured()
    {
        // Scripted time runs as fast as the CPU: the run is long in ticks but short in wall time.
        using var run = ScriptedRun(ScriptedSource.Periodic(1_000_000));
        run.Start();
        while (run.Passes.Count < 3) run.WaitForPass(TimeSpan.FromMilliseconds(50));
        run.RequestStop();
        var result = run.Wait();

        Assert.Null(result.Error);
        Assert.True(result.Summary.Passes >= 3);
        Assert.Equal(result.Passes.Count, result.Summary.Passes);
    }
}
