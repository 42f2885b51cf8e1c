namespace Metronome.IntegrationTests.Dahdi;

/// <summary>
/// The shared pages are handed to one child each: the channels' state page to the serving process (not
/// to the metrics exporter the serving process starts), the metrics page to the exporter.
/// </summary>
public sealed class DahdiInheritanceTests : IDisposable
{
    private const string StatePage = "memfd:metronome-dahdi-state";
    private const string MetricsPage = "memfd:metronome-metrics";
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_dahdi_with_metrics_When_the_serving_process_has_started_its_exporter_Then_only_the_serving_process_holds_the_state_page()
    {
        using var server = DahdiServerProcess.Start(_dir, "--metrics", $"127.0.0.1:{FreePort.Pick()}");
        int keeper = server.Process.Id;
        int serving = ChildProcesses.Find(keeper, "--serve-fds") ?? throw new InvalidOperationException("no serving process\n" + server.Process.Stdout);
        int exporter = ChildProcesses.Find(serving, "metrics-exporter") ?? throw new InvalidOperationException("no exporter\n" + server.Process.Stderr);

        var servingFds = ChildProcesses.Descriptors(serving);
        var exporterFds = ChildProcesses.Descriptors(exporter);
        var keeperFds = ChildProcesses.Descriptors(keeper);
        var (code, _) = server.Stop();

        Assert.Single(keeperFds, d => d.Contains(StatePage, StringComparison.Ordinal));
        Assert.Contains(servingFds, d => d.Contains(StatePage, StringComparison.Ordinal));
        Assert.Contains(exporterFds, d => d.Contains(MetricsPage, StringComparison.Ordinal));
        Assert.DoesNotContain(exporterFds, d => d.Contains(StatePage, StringComparison.Ordinal));
        Assert.DoesNotContain(exporterFds, d => d.StartsWith("/dev/fuse", StringComparison.Ordinal));
        Assert.Equal(0, code);
    }
}
