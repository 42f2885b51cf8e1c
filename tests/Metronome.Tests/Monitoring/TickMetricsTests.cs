using Metronome.Tooling.Fuse;
using System.Text;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Tooling.Monitoring;
using Metronome.Timing.Sources;
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
    public void Given_a_scripted_run_with_one_5_ms_stall_When_published_and_scraped_Then_histogram_counters_and_worst_lateness_agree_with_it()
    {
        var proc = new ScriptedStallEvidence();
        proc.SetSchedstat(1, 100, 1);
        proc.SetSteal(0);
        var detector = new StallDetector(evidence: proc, clock: new ScriptedClock(), cpus: 1);
        detector.Attach();
        proc.SetSchedstat(1, 100 + 5_000_000, 2);
        const long Ms = 1_000_000;
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000)) { Stalls = detector };
        using var page = MetricsPage.Create();
        var publisher = new MetricsPublisher(page, recorder, detector);
        var metrics = new TickMetrics(page);
        metrics.SetInfo("scripted", 1000, "SCHED_FIFO", "1.0.0+test");

        // 2000 wake-ups 30 µs late; wake-up 1000 is 5.02 ms late and passes 6 deadlines.
        long tick = 0;
        for (int n = 1; n <= 2000; n++)
        {
            int elapsed = n == 1000 ? 6 : 1;
            tick += elapsed;
            long lateness = n == 1000 ? 5 * Ms + 20_000 : 30_000;
            recorder.OnWake(elapsed, Scripted.Origin + (tick - elapsed + 1) * Ms + lateness);
        }
        publisher.Publish();
        var first = Scrape(metrics);

        Assert.Equal("2000", Value(first, "metronome_tick_lateness_seconds_count"));
        Assert.Equal("1999", Value(first, "metronome_tick_lateness_seconds_bucket{le=\"5e-05\"}"));
        Assert.Equal("1999", Value(first, "metronome_tick_lateness_seconds_bucket{le=\"0.005\"}"));
        Assert.Equal("2000", Value(first, "metronome_tick_lateness_seconds_bucket{le=\"0.01\"}"));
        // 1999 x 30.5 µs + 5020.5 µs, the middles of their 1 µs buckets.
        Assert.Equal(0.06599, double.Parse(Value(first, "metronome_tick_lateness_seconds_sum"), System.Globalization.CultureInfo.InvariantCulture), 6);
        Assert.Equal("2005", Value(first, "metronome_ticks_total"));
        Assert.Equal("5", Value(first, "metronome_missed_ticks_total"));
        Assert.Equal("1", Value(first, "metronome_stalls_total{cause=\"runqueue\"}"));
        Assert.Equal("0", Value(first, "metronome_stalls_total{cause=\"steal\"}"));
        Assert.Equal("0.00502", Value(first, "metronome_worst_lateness_seconds"));
        Assert.Equal("1", Value(first, "metronome_info{source=\"scripted\",rate=\"1000\",policy=\"SCHED_FIFO\",version=\"1.0.0+test\"}"));
        Assert.Equal("1", Value(first, "metronome_dahdi_passes_total"));

        // Nothing new: the worst since the previous scrape is 0 and the histogram does not count twice.
        publisher.Publish();
        var second = Scrape(metrics);
        Assert.Equal("0", Value(second, "metronome_worst_lateness_seconds"));
        Assert.Equal("2000", Value(second, "metronome_tick_lateness_seconds_count"));
        Assert.Equal("2", Value(second, "metronome_scrapes_total"));
    }

    [Fact]
    public void Given_an_exporter_started_again_When_it_first_scrapes_Then_it_reports_the_totals_since_the_tick_began()
    {
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000));
        using var page = MetricsPage.Create();
        var publisher = new MetricsPublisher(page, recorder, null);
        for (int n = 1; n <= 300; n++) recorder.OnWake(1, Scripted.Origin + n * 1_000_000L + 1_500_000);
        publisher.Publish();
        Scrape(new TickMetrics(page));

        for (int n = 301; n <= 500; n++) recorder.OnWake(1, Scripted.Origin + n * 1_000_000L + 1_500_000);
        publisher.Publish();
        var restarted = Scrape(new TickMetrics(page));

        Assert.Equal("500", Value(restarted, "metronome_ticks_total"));
        Assert.Equal("500", Value(restarted, "metronome_tick_lateness_seconds_bucket{le=\"0.002\"}"));
        Assert.Equal("0", Value(restarted, "metronome_tick_lateness_seconds_bucket{le=\"0.001\"}"));
    }

    [Fact]
    public void Given_dahdi_counts_When_published_and_scraped_Then_the_device_metrics_carry_them()
    {
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000));
        using var page = MetricsPage.Create();
        var publisher = new MetricsPublisher(page, recorder, null, () => new DahdiCounts(3, 1, 12_000, 7, 450, default));
        publisher.Publish();

        var scrape = Scrape(new TickMetrics(page, dahdi: true));

        Assert.Equal("3", Value(scrape, "metronome_dahdi_pseudo_channels_open"));
        Assert.Equal("1", Value(scrape, "metronome_dahdi_timer_channels_open"));
        Assert.Equal("12000", Value(scrape, "metronome_dahdi_blocks_delivered_total"));
        Assert.Equal("7", Value(scrape, "metronome_dahdi_blocks_lost_total"));
        Assert.Equal("450", Value(scrape, "metronome_dahdi_timer_events_total"));
        Assert.DoesNotContain("metronome_dahdi_pseudo_channels_open", Scrape(new TickMetrics(page)));
    }

    [Fact]
    public void Given_request_counts_of_two_threads_When_published_and_scraped_Then_requests_by_opcode_threads_and_service_times_are_exported()
    {
        var first = new FuseRequestStats();
        var second = new FuseRequestStats();
        for (int i = 0; i < 30; i++) first.Record(FuseOpcode.Ioctl, 3_000);     // 3 us: the 5 us bucket
        for (int i = 0; i < 10; i++) second.Record(FuseOpcode.Poll, 40_000);    // 40 us: the 50 us bucket
        second.Record(FuseOpcode.Lookup, 2_000_000);                            // 2 ms: the 5 ms bucket
        var totals = new FuseRequestTotals();
        first.AddTo(ref totals);
        second.AddTo(ref totals);
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000));
        using var page = MetricsPage.Create();
        new MetricsPublisher(page, recorder, null, () => new DahdiCounts(0, 40, 0, 0, 0, totals)).Publish();

        var scrape = Scrape(new TickMetrics(page, dahdi: true));

        Assert.Equal("2", Value(scrape, "metronome_dahdi_request_threads"));
        Assert.Equal("30", Value(scrape, "metronome_dahdi_requests_total{opcode=\"ioctl\"}"));
        Assert.Equal("10", Value(scrape, "metronome_dahdi_requests_total{opcode=\"poll\"}"));
        Assert.Equal("1", Value(scrape, "metronome_dahdi_requests_total{opcode=\"lookup\"}"));
        Assert.Equal("0", Value(scrape, "metronome_dahdi_requests_total{opcode=\"read\"}"));
        Assert.Equal("0", Value(scrape, "metronome_dahdi_request_seconds_bucket{le=\"2e-06\"}"));
        Assert.Equal("30", Value(scrape, "metronome_dahdi_request_seconds_bucket{le=\"5e-06\"}"));
        Assert.Equal("40", Value(scrape, "metronome_dahdi_request_seconds_bucket{le=\"5e-05\"}"));
        Assert.Equal("40", Value(scrape, "metronome_dahdi_request_seconds_bucket{le=\"0.001\"}"));
        Assert.Equal("41", Value(scrape, "metronome_dahdi_request_seconds_count"));
    }

    [Fact]
    public void Given_a_running_recorder_When_published_many_times_Then_the_publisher_allocates_nothing()
    {
        var recorder = new TickRecorder(new TickSchedule(Scripted.Origin, 1000));
        using var page = MetricsPage.Create();
        var publisher = new MetricsPublisher(page, recorder, new StallDetector(evidence: new ScriptedStallEvidence(), clock: new ScriptedClock(), cpus: 1),
            () => new DahdiCounts(1, 1, 1, 0, 0, default));
        long n = 0;
        void Run(int publications)
        {
            for (int p = 0; p < publications; p++)
            {
                for (int i = 0; i < 1100; i++, n++) recorder.OnWake(1, Scripted.Origin + n * 1_000_000L + 20_000 + (n % 7) * 100_000);
                publisher.Publish();
            }
        }
        // Warm up past the JIT's tiering (a method promoted mid-measurement may allocate on the caller's thread).
        Run(300);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(50);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(n, page.Read().Wakeups);
    }

    [Fact]
    public void Given_a_doctor_verdict_When_scraped_Then_only_that_verdict_is_1()
    {
        using var page = MetricsPage.Create();
        var metrics = new TickMetrics(page);
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
