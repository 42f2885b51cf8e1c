using Metronome.Tooling.Dahdi;
using Metronome.Timing.DahdiAbi;
using Metronome.IntegrationTests.Monitoring;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>`metronome dahdi --metrics`: the device clock's tick metrics and the devices' own, on a real scrape.</summary>
public sealed class DahdiMetricsTests : IDisposable
{
    private readonly int _port = FreePort.Pick();
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_a_reader_and_a_timer_When_scraped_Then_blocks_timer_events_channels_and_ticks_are_reported_and_promtool_is_content()
    {
        string mount = Directory.CreateDirectory(Path.Combine(_dir, "dahdi")).FullName;
        using var server = DahdiServerProcess.Start(mount, "--metrics", $"127.0.0.1:{_port}");
        string scrape;
        using (var pseudo = new DeviceFile(server.Pseudo))
        using (var timer = new DeviceFile(server.Timer))
        {
            timer.Ioctl(DahdiIoctl.TimerConfig, 160);
            var buffer = new byte[8192];
            for (int i = 0; i < 4; i++) pseudo.Read(buffer);
            scrape = MonitorProcess.ScrapeUntil(_port, s =>
                long.Parse(Value(s, "metronome_dahdi_blocks_delivered_total")) >= 4 && long.Parse(Value(s, "metronome_dahdi_timer_events_total")) >= 10,
                TimeSpan.FromSeconds(10));
        }
        var (code, _) = server.Stop();
        Assert.Equal(0, code);
        string file = Path.Combine(_dir, "scrape.txt");
        File.WriteAllText(file, scrape);

        Assert.Equal("1", Value(scrape, "metronome_dahdi_pseudo_channels_open"));
        Assert.Equal("1", Value(scrape, "metronome_dahdi_timer_channels_open"));
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_blocks_delivered_total")) >= 4, scrape);
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_timer_events_total")) >= 10, scrape);
        Assert.True(long.Parse(Value(scrape, "metronome_ticks_total")) >= 400, scrape);
        // Two opens, a TIMERCONFIG and four reads at least, each counted by opcode; every request timed.
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_requests_total{opcode=\"open\"}")) >= 2, scrape);
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_requests_total{opcode=\"ioctl\"}")) >= 1, scrape);
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_requests_total{opcode=\"read\"}")) >= 4, scrape);
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_request_seconds_count")) >= 7, scrape);
        Assert.True(long.Parse(Value(scrape, "metronome_dahdi_request_threads")) >= 1, scrape);
        Assert.Contains("rate=\"1000\",policy=\"SCHED_FIFO\",version=", scrape);
        Assert.Contains("metronome_tick_lateness_seconds_bucket{le=\"0.001\"}", scrape);
        var (check, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(30), "sh", "-c", $"promtool check metrics < '{file}'");
        Assert.True(check == 0 && stdout + stderr == "", stdout + stderr);
    }

    private static string Value(string scrape, string series) =>
        scrape.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..];
}
