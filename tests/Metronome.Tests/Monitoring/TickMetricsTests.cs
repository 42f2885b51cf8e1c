using System.Text;
using Metronome.Measuring;
using Metronome.Measuring.Stalls;
using Metronome.Monitoring;
using Metronome.Sources;
using Metronome.Tests.Fakes;
using Prometheus;

namespace Metronome.Tests.Monitoring;

public class TickMetricsTests
{
    private static string Scrape(TickMetrics metrics)
    {
        using var stream = new MemoryStream();
        metrics.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Value(string scrape, string series) =>
        scrape.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..];

    [Fact]
    public void Given_a_scripted_run_with_one_5_ms_stall_When_scraped_Then_histogram_counters_and_worst_lateness_agree_with_it()
    {
        var proc = new ScriptedStallEvidence();
        proc.SetSchedstat(1, 100, 1);
        proc.SetSteal(0);
        var detector = new StallDetector(evidence: proc, clock: new ScriptedClock(), cpus: 1);
        detector.Attach();
        proc.SetSchedstat(1, 100 + 5_000_000, 2);
        const long Ms = 1_000_000;
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000)) { Stalls = detector };
        var metrics = new TickMetrics(processMetrics: false);
        metrics.SetInfo("scripted", 1000, "SCHED_FIFO", "1.0.0+test");
        metrics.Attach(recorder, detector);

        // 2000 wake-ups 30 µs late; wake-up 1000 is 5.02 ms late and passes 6 deadlines.
        long tick = 0;
        for (int n = 1; n <= 2000; n++)
        {
            int elapsed = n == 1000 ? 6 : 1;
            tick += elapsed;
            long lateness = n == 1000 ? 5 * Ms + 20_000 : 30_000;
            recorder.OnWake(elapsed, Scripted.Origin + (tick - elapsed + 1) * Ms + lateness);
        }
        var first = Scrape(metrics);

        Assert.Equal("2000", Value(first, "metronome_tick_lateness_seconds_count"));
        Assert.Equal("1999", Value(first, "metronome_tick_lateness_seconds_bucket{le=\"5e-05\"}"));
        Assert.Equal("1999", Value(first, "metronome_tick_lateness_seconds_bucket{le=\"0.005\"}"));
        Assert.Equal("2000", Value(first, "metronome_tick_lateness_seconds_bucket{le=\"0.01\"}"));
        Assert.Equal("2005", Value(first, "metronome_ticks_total"));
        Assert.Equal("5", Value(first, "metronome_missed_ticks_total"));
        Assert.Equal("1", Value(first, "metronome_stalls_total{cause=\"runqueue\"}"));
        Assert.Equal("0", Value(first, "metronome_stalls_total{cause=\"steal\"}"));
        Assert.Equal("0.00502", Value(first, "metronome_worst_lateness_seconds"));
        Assert.Equal("1", Value(first, "metronome_info{source=\"scripted\",rate=\"1000\",policy=\"SCHED_FIFO\",version=\"1.0.0+test\"}"));
        Assert.Equal("1", Value(first, "metronome_dahdi_passes_total"));

        // Nothing new: the worst since the previous scrape is 0 and the histogram does not count twice.
        var second = Scrape(metrics);
        Assert.Equal("0", Value(second, "metronome_worst_lateness_seconds"));
        Assert.Equal("2000", Value(second, "metronome_tick_lateness_seconds_count"));
        Assert.Equal("2", Value(second, "metronome_scrapes_total"));
    }

    [Fact]
    public void Given_a_doctor_verdict_When_scraped_Then_only_that_verdict_is_1()
    {
        var metrics = new TickMetrics(processMetrics: false);
        metrics.SetDoctorVerdict("caveats", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        var scrape = Scrape(metrics);

        Assert.Equal("0", Value(scrape, "metronome_doctor_verdict{verdict=\"ready\"}"));
        Assert.Equal("1", Value(scrape, "metronome_doctor_verdict{verdict=\"caveats\"}"));
        Assert.Equal("1800000000", Value(scrape, "metronome_doctor_timestamp_seconds"));
    }

    [Theory]
    [InlineData("127.0.0.1:9450", true)]
    [InlineData("0.0.0.0:11011", true)]
    [InlineData("[::1]:9450", true)]
    [InlineData("1.2.3:9", false)]
    [InlineData("localhost:9450", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.0.0.1:0", false)]
    [InlineData("127.0.0.1:70000", false)]
    public void Listen_addresses(string text, bool valid) =>
        Assert.Equal(valid, MetricsEndpoint.TryParse(text, out _, out _));
}
