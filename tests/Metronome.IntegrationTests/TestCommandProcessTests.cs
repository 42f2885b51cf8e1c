using System.Text.Json;
using System.Text.RegularExpressions;

namespace Metronome.IntegrationTests;

public partial class TestCommandProcessTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void Given_two_passes_When_run_Then_it_prints_header_passes_dahdi_summary_and_latency_block()
    {
        var (code, stdout, _) = CliProcess.Run(Generous, "test", "-c", "2");

        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        // auto probes the host and says what it chose: one thread per CPU, or one thread.
        Assert.Matches(@"^Metronome nanosleep source at 1000 Hz (on CPUs \d+(,\d+)+ \(first to wake delivers.*; auto: a 2 s probe found .*\)|\(auto: one thread: .*\)) \(.*\), measuring accuracy\.\.\.$", lines[0]);
        Assert.Matches(PassLine(), lines[1]);
        Assert.Equal("--- Results after 2 passes ---", lines[2]);
        Assert.Matches(@"^Best: \d+\.\d{3}% -- Worst: \d+\.\d{3}% -- Average: \d+\.\d{6}%$", lines[3]);
        Assert.Matches(@"^Cumulative Accuracy \(not per pass\): \d+\.\d{3}$", lines[4]);
        Assert.Equal("", lines[5]);
        Assert.StartsWith("Latency (us): Min:", lines[6]);
    }

    [Fact]
    public void Given_json_to_stdout_When_run_Then_stdout_is_one_json_document_with_the_documented_keys()
    {
        var (code, stdout, _) = CliProcess.Run(Generous, "test", "-c", "2", "--json", "-");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("nanosleep", root.GetProperty("source").GetString()); // auto: nanosleep, which opens on every Linux
        Assert.Equal(1000, root.GetProperty("rate").GetInt32());
        var passes = root.GetProperty("passes");
        Assert.Equal(2, passes.GetArrayLength());
        foreach (var pass in passes.EnumerateArray())
        {
            Assert.Equal(8192, pass.GetProperty("samples").GetInt32());
            Assert.InRange(pass.GetProperty("score").GetDouble(), 0.0, 100.0);
            Assert.InRange(pass.GetProperty("intervals").GetDouble(), 4096.0, 16384.0);
        }
        var summary = root.GetProperty("summary");
        foreach (var key in new[] { "best", "worst", "average", "cumulative" })
            Assert.InRange(summary.GetProperty(key).GetDouble(), 0.0, 100.0);
        var latency = root.GetProperty("latency");
        foreach (var key in new[] { "minNs", "avgNs", "maxNs", "p50Ns", "p99Ns", "p999Ns", "p9999Ns" })
            Assert.Equal(JsonValueKind.Number, latency.GetProperty(key).ValueKind);
        Assert.True(latency.GetProperty("p50Ns").GetInt64() <= latency.GetProperty("p99Ns").GetInt64());
        Assert.True(latency.GetProperty("p99Ns").GetInt64() <= latency.GetProperty("maxNs").GetInt64());
        Assert.InRange(root.GetProperty("ticks").GetInt64(), 2048, 2200);
        Assert.True(root.GetProperty("missedTicks").GetInt64() >= 0);
        foreach (var key in new[] { "cpuPercent", "gcCollections", "allocatedBytes" })
            Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);
        Assert.True(root.TryGetProperty("stealPercent", out _));
        var rt = root.GetProperty("realtime");
        Assert.Contains(rt.GetProperty("policy").GetString(), new[] { "SCHED_FIFO", "SCHED_OTHER" });
        Assert.Equal(JsonValueKind.Number, rt.GetProperty("priority").ValueKind);
        Assert.Contains(rt.GetProperty("mlocked").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public void Given_a_run_without_count_When_signalled_mid_run_Then_it_prints_the_summary_and_exits_0(string signal)
    {
        using var p = CliProcess.Start("test");
        Assert.True(p.WaitForOutput("% ", TimeSpan.FromSeconds(30)), $"no pass within 30 s:\n{p.Stdout}\n{p.Stderr}");

        p.Signal(signal);
        int code = p.WaitForExit(TimeSpan.FromSeconds(15));

        Assert.Equal(0, code);
        var match = Regex.Match(p.Stdout, @"--- Results after (\d+) passes ---");
        Assert.True(match.Success, p.Stdout);
        Assert.True(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("Cumulative Accuracy (not per pass): ", p.Stdout);
        Assert.Contains("Latency (us): Min:", p.Stdout);
    }

    [Theory]
    [InlineData("--rate", "0")]
    [InlineData("--source", "nosuch")]
    [InlineData("-c", "-3")]
    public void Given_bad_options_When_run_as_a_process_Then_it_exits_2_with_one_line_and_usage(string option, string value)
    {
        var (code, stdout, stderr) = CliProcess.Run(Generous, "test", option, value);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(2, stderr.TrimEnd('\n').Split('\n').Length);
        Assert.StartsWith("metronome: ", stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public void Given_a_histogram_file_When_run_Then_it_is_in_cyclictest_format()
    {
        string path = Path.Combine(Path.GetTempPath(), $"metronome-hist-{Guid.NewGuid():N}.txt");
        try
        {
            var (code, _, _) = CliProcess.Run(Generous, "test", "-c", "1", "--histogram", path);

            Assert.Equal(0, code);
            var lines = File.ReadAllLines(path);
            Assert.Equal("# Histogram", lines[0]);
            Assert.Matches(@"^\d{6} \d{6,}$", lines[1]);
            Assert.Contains(lines, l => l.StartsWith("# Max Latencies: ", StringComparison.Ordinal));
            Assert.Contains("# Histogram Overflow at cycle number:", lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Given_the_sources_verb_When_run_Then_timerfd_and_the_dotnet_baseline_are_listed_as_available()
    {
        var (code, stdout, _) = CliProcess.Run(Generous, "sources", "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("sources").EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("available").GetBoolean());
        Assert.True(rows["timerfd"]);
        Assert.True(rows["dotnet"]);
        Assert.True(rows["auto"]);
    }

    [GeneratedRegex(@"^(\d+\.\d{3}% )+$")]
    private static partial Regex PassLine();
}
