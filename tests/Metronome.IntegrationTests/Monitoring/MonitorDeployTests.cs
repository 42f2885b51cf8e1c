using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>
/// What ships beside `metronome monitor`: the Prometheus rules and their tests, the systemd unit, and the
/// exposition format of a real scrape, each checked by the tool that consumes it.
/// </summary>
public sealed class MonitorDeployTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-monitor-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Deploy(params string[] parts) => Path.Combine([Repository.Root, "deploy", .. parts]);

    [Fact]
    public void Given_the_rules_When_promtool_checks_and_tests_them_Then_every_alert_test_passes()
    {
        var (checkCode, checkOut, checkErr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "promtool", "check", "rules", Deploy("prometheus", "metronome-rules.yml"));
        Assert.True(checkCode == 0, checkOut + checkErr);
        Assert.Contains("SUCCESS: 8 rules found", checkOut);

        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "promtool", "test", "rules", Deploy("prometheus", "metronome-rules.test.yml"));
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("SUCCESS", stdout);
        // Every alert of the rules file has a test.
        string rules = File.ReadAllText(Deploy("prometheus", "metronome-rules.yml"));
        string tests = File.ReadAllText(Deploy("prometheus", "metronome-rules.test.yml"));
        var alerts = rules.Split('\n').Where(l => l.TrimStart().StartsWith("- alert: ", StringComparison.Ordinal)).Select(l => l.Trim()[9..]).ToList();
        Assert.Equal(5, alerts.Count);
        Assert.All(alerts, a => Assert.Contains($"alertname: {a}\n", tests));
        Assert.All(alerts, a => Assert.Contains($"docs/fleet.md#{a.ToLowerInvariant()}", rules));
    }

    [Fact]
    public void Given_the_monitor_unit_When_systemd_verifies_it_with_the_built_binary_Then_it_has_nothing_to_say()
    {
        var (unit, code, output) = UnitFile.Verify("metronome-monitor.service", _dir);

        Assert.Contains("ExecStart=/usr/local/bin/metronome monitor ", unit);
        Assert.Contains("Type=notify", unit);
        Assert.Contains("CapabilityBoundingSet=CAP_SYS_NICE CAP_IPC_LOCK\n", unit);
        Assert.Contains("ProtectSystem=strict", unit);
        Assert.Equal("", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Given_a_running_monitor_When_scraped_Then_promtool_finds_no_problem_and_the_required_metrics_are_there()
    {
        string[] required =
        [
            "metronome_tick_lateness_seconds_bucket{le=\"0.001\"}", "metronome_tick_lateness_seconds_bucket{le=\"0.02\"}",
            "metronome_ticks_total ", "metronome_missed_ticks_total ", "metronome_stalls_total{cause=\"runqueue\"}",
            "metronome_stalls_total{cause=\"steal\"}", "metronome_stalls_total{cause=\"unexplained\"}",
            "metronome_worst_lateness_seconds ", "metronome_dahdi_pass_score ", "metronome_dahdi_passes_below_99_99_total ",
            "rate=\"1000\",policy=\"SCHED_FIFO\",version=", "metronome_doctor_verdict{verdict=",
            "process_cpu_seconds_total ", "process_start_time_seconds ",
        ];
        int port = FreePort.Pick();
        using var monitor = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{port}", "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        // The first dahdi pass (about a second in) and the host check's verdict come after the start.
        string scrape = MonitorProcess.ScrapeUntil(port, s => required.All(s.Contains), TimeSpan.FromSeconds(30));
        string file = Path.Combine(_dir, "scrape.txt");
        File.WriteAllText(file, scrape);
        monitor.Signal("TERM");
        Assert.Equal(0, monitor.WaitForExit(TimeSpan.FromSeconds(15)));

        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(30), "sh", "-c", $"promtool check metrics < '{file}'");

        Assert.True(code == 0, stdout + stderr + "\n" + scrape);
        Assert.Equal("", stdout + stderr);
        foreach (var name in required)
            Assert.Contains(name, scrape);
    }

    [Fact]
    public void Given_a_taken_port_When_monitor_starts_Then_one_line_and_exit_1_before_measuring()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (code, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(60), "monitor", "--listen", $"127.0.0.1:{port}");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: --listen: cannot listen on 127.0.0.1:{port}: Address already in use", stderr.TrimEnd('\n'));
    }

    [Fact]
    public void Given_SIGHUP_after_the_stall_log_was_moved_When_the_monitor_stalls_again_Then_it_writes_a_new_file()
    {
        string log = Path.Combine(_dir, "stalls.jsonl");
        // A 10 µs threshold: this shared machine stalls that much many times a second.
        using var monitor = CliProcess.Start("monitor", "--listen", "off", "--stall-us", "10", "--stall-log", log, "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        Assert.True(Eventually.True(() => HasLines(log), TimeSpan.FromSeconds(20)), "no stall was logged\n" + monitor.Stderr);
        File.Move(log, log + ".old");
        monitor.Signal("HUP");
        Assert.True(monitor.WaitForError($"metronome: reopened {log}", TimeSpan.FromSeconds(15)), monitor.Stderr);
        Assert.True(Eventually.True(() => HasLines(log), TimeSpan.FromSeconds(20)), "no stall was logged after the reopen\n" + monitor.Stderr);
        monitor.Signal("INT");
        Assert.Equal(0, monitor.WaitForExit(TimeSpan.FromSeconds(15)));

        Assert.Contains($"metronome: reopened {log}", monitor.Stderr);
        Assert.NotEmpty(File.ReadAllLines(log + ".old"));
        Assert.NotEmpty(File.ReadAllLines(log));
    }

    private static bool HasLines(string path) => File.Exists(path) && new FileInfo(path).Length > 0;
}
