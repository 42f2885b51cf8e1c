using System.Text.Json;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>
/// Item 2's validation: stalls made on purpose by a higher-priority SCHED_FIFO hog on the tick's CPU are
/// attributed to the run queue, at least 9 in 10 of them.
/// </summary>
public sealed class StallAttributionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-stalls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_a_FIFO_hog_on_the_ticks_CPU_in_5_ms_bursts_When_monitored_Then_at_least_90_percent_of_its_stalls_are_runqueue()
    {
        string log = Path.Combine(_dir, "stalls.jsonl");
        using var monitor = CliProcess.Start("monitor", "--listen", "off", "--cpu", "0", "--priority", "50",
            "--stall-log", log, "--doctor-every", "0", "--duration", "14");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        Thread.Sleep(1000);

        using var hog = new CpuHog(cpu: 0, priority: 90, burst: TimeSpan.FromMilliseconds(5), every: TimeSpan.FromMilliseconds(50),
            duration: TimeSpan.FromSeconds(10)).Start();
        hog.Wait();
        Assert.Empty(hog.Warnings);
        int code = monitor.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Equal(0, code);

        var stalls = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var bursts = hog.Bursts;
        // A stall the hog made: its wake-up came at most 2 ms after a burst ended, within the burst's window.
        var forced = stalls.Where(s =>
        {
            var at = s.GetProperty("at").GetDateTimeOffset();
            return bursts.Any(b => at >= b.Start && at <= b.End + TimeSpan.FromMilliseconds(2));
        }).ToList();
        int runqueue = forced.Count(s => s.GetProperty("cause").GetString() == "runqueue");
        string summary = $"{bursts.Count} bursts, {stalls.Count} stalls, {forced.Count} during bursts, {runqueue} of them runqueue; causes of all: "
                         + string.Join(", ", stalls.GroupBy(s => s.GetProperty("cause").GetString()).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine(summary);

        Assert.True(forced.Count >= bursts.Count / 2, summary);
        Assert.True(runqueue >= 0.9 * forced.Count, summary);
    }
}
