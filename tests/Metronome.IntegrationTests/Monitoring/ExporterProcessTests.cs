using System.Diagnostics;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>
/// The metrics exporter is a process of its own beside the ticking one: it must die with the monitor
/// however the monitor dies, and come back when it dies alone, with counters that carry on.
/// </summary>
public sealed class ExporterProcessTests
{
    private static int? ExporterOf(int monitor) => ChildProcesses.Find(monitor, "metrics-exporter");

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static long Counter(string scrape, string name) =>
        long.Parse(scrape.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..]);

    [Fact]
    public void Given_a_monitor_killed_with_SIGKILL_When_its_exporter_sees_stdin_close_Then_the_exporter_exits_too()
    {
        int port = FreePort.Pick();
        using var monitor = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{port}", "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        int exporter = ExporterOf(monitor.Id) ?? throw new InvalidOperationException("no exporter under the monitor\n" + monitor.Stderr);
        Assert.True(Counter(MonitorProcess.Scrape(port), "metronome_scrapes_total") >= 1);

        monitor.Signal("KILL");
        monitor.WaitForExit(TimeSpan.FromSeconds(10));

        Assert.True(Eventually.True(() => !Alive(exporter), TimeSpan.FromSeconds(10), everyMs: 50), $"exporter {exporter} still running 10 s after its monitor was killed");
    }

    [Fact]
    public void Given_SIGTERM_sent_to_the_exporter_as_systemctl_stop_or_Ctrl_C_would_When_the_monitor_stops_Then_nothing_was_restarted()
    {
        using var monitor = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{FreePort.Pick()}", "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        int exporter = ExporterOf(monitor.Id) ?? throw new InvalidOperationException("no exporter under the monitor\n" + monitor.Stderr);

        Assert.Equal(0, CliProcess.RunProgram(TimeSpan.FromSeconds(10), "kill", "-TERM", exporter.ToString()).Code);
        Thread.Sleep(1000);

        Assert.True(Alive(exporter), "the exporter died of SIGTERM\n" + monitor.Stderr);
        monitor.Signal("TERM");
        Assert.Equal(0, monitor.WaitForExit(TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain("exporter exited", monitor.Stderr);
        Assert.True(Eventually.True(() => !Alive(exporter), TimeSpan.FromSeconds(10), everyMs: 50), "the exporter outlived its monitor");
    }

    [Fact]
    public void Given_the_exporter_killed_When_the_monitor_notices_Then_it_starts_another_and_the_counters_carry_on()
    {
        int port = FreePort.Pick();
        using var monitor = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{port}", "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        int first = ExporterOf(monitor.Id) ?? throw new InvalidOperationException("no exporter under the monitor\n" + monitor.Stderr);
        Thread.Sleep(500);
        long ticksBefore = Counter(MonitorProcess.Scrape(port), "metronome_ticks_total");

        Process.GetProcessById(first).Kill();

        Assert.True(monitor.WaitForError("metronome: metrics exporter started again at ", TimeSpan.FromSeconds(30)), monitor.Stderr);
        int second = ExporterOf(monitor.Id) ?? throw new InvalidOperationException("no new exporter\n" + monitor.Stderr);
        Assert.NotEqual(first, second);
        string scrape = MonitorProcess.Scrape(port);
        Assert.True(Counter(scrape, "metronome_ticks_total") > ticksBefore, scrape);
        Assert.Equal(1, Counter(scrape, "metronome_scrapes_total"));
        // The new exporter was told what is measured, as the first one was.
        Assert.Contains("metronome_info{source=\"", scrape);
        Assert.Contains("metronome: the metrics exporter exited with code 137; starting it again in 10 s", monitor.Stderr);
        monitor.Signal("TERM");
        Assert.Equal(0, monitor.WaitForExit(TimeSpan.FromSeconds(15)));
    }
}
