using System.Text;
using Metronome.Tooling.Monitoring;
using Prometheus;

namespace Metronome.Tests.Monitoring;

public sealed class ProcessMetricsTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("metronome-proc-").FullName;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public async Task Given_a_scripted_proc_of_the_ticking_process_When_scraped_Then_the_standard_process_metrics_are_its_own()
    {
        // Given /proc/stat's boot time and /proc/4242 of a process whose name holds spaces and a parenthesis.
        var metrics = new ProcessMetrics(Metrics.WithCustomRegistry(_registry), ScriptedProc(listableFds: true));

        // When
        metrics.Update(TwoGen0Collections());
        var scrape = await Scrape();

        // Then: (1234 + 567) / 100 s of CPU; start = boot + 1078454 / 100 s; 393 pages resident.
        string[] expected =
        [
            "process_cpu_seconds_total 18.01", "process_start_time_seconds 1795627501.54", $"process_resident_memory_bytes {393 * Environment.SystemPageSize}",
            "process_virtual_memory_bytes 3133440", "process_open_fds 5", "process_max_fds 20000", "process_num_threads 9",
            "dotnet_collection_count_total{generation=\"0\"} 2", "dotnet_collection_count_total{generation=\"2\"} 0", "dotnet_total_memory_bytes 123456",
        ];
        Assert.All(expected, line => Assert.Contains(line, scrape));
    }

    [Fact]
    public async Task Given_descriptors_the_exporter_may_not_list_When_scraped_Then_there_is_no_open_fds_series_rather_than_a_false_0()
    {
        // An exporter that gave up root cannot list a root process's /proc/PID/fd (ptrace access); a
        // file in its place fails the listing the same way for a test that runs as root.
        var metrics = new ProcessMetrics(Metrics.WithCustomRegistry(_registry), ScriptedProc(listableFds: false));

        metrics.Update(TwoGen0Collections());
        var scrape = await Scrape();

        Assert.DoesNotContain(scrape, line => line.StartsWith("process_open_fds ", StringComparison.Ordinal));
        Assert.Contains("process_max_fds 20000", scrape);
        Assert.Contains("process_num_threads 9", scrape);
    }

    /// <summary>/proc/stat's boot time and /proc/4242 of a process whose name holds spaces and a parenthesis, with 5 descriptors.</summary>
    private string ScriptedProc(bool listableFds)
    {
        File.WriteAllText(Path.Combine(_proc, "stat"), "cpu  1 2 3 4 5 6 7 8 9 10\nbtime 1795616717\nprocesses 7676\n");
        string pid = Directory.CreateDirectory(Path.Combine(_proc, "4242")).FullName;
        File.WriteAllText(Path.Combine(pid, "stat"),
            "4242 (metronome (x) y) S 1 4242 4242 0 -1 4194560 2000 0 0 0 1234 567 0 0 -2 0 9 0 1078454 3133440 393 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 81 1 0 0 0 0 0 0 0 0 0 0 0\n");
        File.WriteAllText(Path.Combine(pid, "limits"), "Limit                     Soft Limit           Hard Limit           Units     \nMax open files            20000                524288               files     \n");
        if (!listableFds)
        {
            File.WriteAllText(Path.Combine(pid, "fd"), "");
            return pid;
        }
        var fds = Directory.CreateDirectory(Path.Combine(pid, "fd")).FullName;
        foreach (var fd in new[] { "0", "1", "2", "3", "7" }) File.WriteAllText(Path.Combine(fds, fd), "");
        return pid;
    }

    private async Task<string[]> Scrape()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
    }

    private static unsafe MetricsSnapshot TwoGen0Collections()
    {
        var snapshot = new MetricsSnapshot { HeapBytes = 123_456 };
        snapshot.Collections[0] = 2;
        return snapshot;
    }
}
