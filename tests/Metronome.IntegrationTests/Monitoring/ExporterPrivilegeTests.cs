using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>
/// The metrics exporter answers the network, so once it listens it holds no privilege: not the ticking
/// process's root and capabilities (real-time scheduling, memory locking), not even in reserve.
/// </summary>
public sealed class ExporterPrivilegeTests
{
    private const string None = "0000000000000000";

    [Fact]
    public void Given_a_monitor_When_its_exporter_listens_Then_every_thread_of_it_is_unprivileged_with_empty_capability_sets()
    {
        int port = FreePort.Pick();
        using var monitor = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{port}", "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(monitor), monitor.Stderr);
        int exporter = ChildProcesses.Find(monitor.Id, "metrics-exporter") ?? throw new InvalidOperationException("no exporter under the monitor\n" + monitor.Stderr);
        // Still serving once unprivileged: the socket was bound and the page mapped before.
        Assert.Contains("metronome_ticks_total ", MonitorProcess.Scrape(port));

        var status = Status(File.ReadAllText($"/proc/{exporter}/status"));
        bool root = LibC.GetUid() == 0;
        foreach (string id in status["Uid"].Split('\t').Concat(status["Gid"].Split('\t')))
            Assert.True(root ? id == "65534" : id != "0", $"exporter ids Uid {status["Uid"]} Gid {status["Gid"]}");
        Assert.Equal("", status["Groups"]);
        Assert.Equal(None, status["CapBnd"]);
        Assert.Equal(None, status["CapAmb"]);
        Assert.Equal("1", status["NoNewPrivs"]);
        // setresuid reaches every thread; the permitted and effective sets are per thread.
        foreach (var task in Directory.EnumerateDirectories($"/proc/{exporter}/task"))
        {
            var thread = Status(File.ReadAllText(Path.Combine(task, "status")));
            Assert.True(thread["CapEff"] == None && thread["CapPrm"] == None && thread["Uid"] == status["Uid"],
                $"thread {Path.GetFileName(task)}: Uid {thread["Uid"]} CapEff {thread["CapEff"]} CapPrm {thread["CapPrm"]}");
        }
        monitor.Signal("TERM");
        Assert.Equal(0, monitor.WaitForExit(TimeSpan.FromSeconds(15)));
    }

    private static Dictionary<string, string> Status(string text) =>
        text.Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal))
            .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.Ordinal);
}
