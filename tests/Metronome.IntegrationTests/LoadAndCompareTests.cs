using System.Globalization;
using System.Text.Json;

namespace Metronome.IntegrationTests;

public class LoadAndCompareTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    /// <summary>Children of a process, from /proc/PID/stat's fourth field.</summary>
    private static List<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => Path.GetFileName(d))
            .Where(n => int.TryParse(n, out _))
            .Select(n => (Pid: int.Parse(n, CultureInfo.InvariantCulture), Stat: TryRead($"/proc/{n}/stat")))
            .Where(p => p.Stat is not null && Ppid(p.Stat) == parent)
            .Select(p => p.Pid)
            .ToList();

    private static int Ppid(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Gone, or a zombie nobody has reaped yet: either way it runs no more load.</summary>
    private static bool IsGone(int pid) => TryRead($"/proc/{pid}/stat") is not { } stat || stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');

    [Fact]
    public void Given_a_test_under_our_load_When_the_parent_is_killed_Then_the_load_is_gone_within_1_s_with_its_temp_files()
    {
        using var parent = CliProcess.Start("test", "--no-rt", "--load", "cpu=1,io=1");
        Assert.True(parent.WaitForOutput("measuring accuracy", TimeSpan.FromSeconds(30)), parent.Stderr);
        int load = ChildrenOf(parent.Id).Single();
        string temp = Path.Combine(Path.GetTempPath(), $"metronome-load-{load}");
        Assert.True(Directory.Exists(temp), "the io worker's directory exists while it runs");

        parent.Signal("KILL");

        var until = DateTime.UtcNow.AddSeconds(1);
        while (!IsGone(load) && DateTime.UtcNow < until) Thread.Sleep(20);
        Assert.True(IsGone(load), "the load outlived its parent by more than 1 s");
        Assert.False(Directory.Exists(temp), "the load left its temporary directory behind");
    }

    [Theory]
    [InlineData("--cpu", "cpu: 1 workers, ")]
    [InlineData("--memory", "memory: 1 workers over 16 MiB each, ")]
    [InlineData("--io", "io: 1 workers, ")]
    [InlineData("--switch", "switch: 1 pairs, ")]
    public void Given_each_load_kind_When_run_for_a_second_Then_it_starts_reports_and_stops(string kind, string report)
    {
        var (code, stdout, stderr) = CliProcess.Run(Generous, "load", kind, "1", "--memory-bytes", "16M", "--duration", "1");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.StartsWith("load: ", lines[0]);
        var line = Assert.Single(lines, l => l.StartsWith(report, StringComparison.Ordinal));
        double rate = double.Parse(line[report.Length..].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(rate > 0, $"no work done: {line}");
        Assert.Contains(lines, l => l.StartsWith("load: stopped after ", StringComparison.Ordinal));
        string pid = System.Text.RegularExpressions.Regex.Match(lines[0], @"\(pid (\d+)\)").Groups[1].Value;
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), $"metronome-load-{pid}")), "temporary files left behind");
    }

    [Fact]
    public void Given_two_sources_When_compared_Then_the_table_and_the_json_each_have_both_rows()
    {
        var table = CliProcess.Run(Generous, "compare", "--sources", "timerfd,nanosleep", "--duration", "1");
        var json = CliProcess.Run(Generous, "compare", "--sources", "timerfd,nanosleep", "--duration", "1", "--json");

        Assert.Equal(0, table.Code);
        Assert.Matches(@"(?m)^[12] +timerfd ", table.Stdout);
        Assert.Matches(@"(?m)^[12] +nanosleep ", table.Stdout);
        Assert.Contains("Recommendation: use ", table.Stdout);
        Assert.Equal(0, json.Code);
        using var doc = JsonDocument.Parse(json.Stdout);
        var rows = doc.RootElement.GetProperty("comparison").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["nanosleep", "timerfd"], rows.Select(r => r.GetProperty("name").GetString()).Order());
        Assert.All(rows, r => Assert.InRange(r.GetProperty("rank").GetInt32(), 1, 2));
        Assert.All(rows, r => Assert.True(r.GetProperty("p99Ns").GetInt64() <= r.GetProperty("maxNs").GetInt64()));
    }

    [Fact]
    public void Given_no_cyclictest_on_the_path_When_compared_with_it_Then_a_note_says_so_and_the_run_succeeds()
    {
        var env = new Dictionary<string, string> { ["PATH"] = "/nonexistent" };
        var (code, stdout, _) = CliProcess.Run(Generous, env, "compare", "--sources", "timerfd", "--duration", "1", "--with-cyclictest");

        Assert.Equal(0, code);
        Assert.Contains("Note: cyclictest is not installed (Debian: apt-get install rt-tests): its peer row is left out.", stdout);
        Assert.DoesNotContain("cyclictest  ", stdout);
    }

    [Fact]
    public void Given_a_load_When_testing_Then_the_achieved_level_is_reported_beside_the_results()
    {
        var (code, stdout, stderr) = CliProcess.Run(Generous, "test", "-c", "1", "--no-rt", "--load", "cpu=2", "--json", "-");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("cpu=2", doc.RootElement.GetProperty("load").GetString());
        Assert.InRange(doc.RootElement.GetProperty("hostBusyPercent").GetDouble(), 50.0, 100.0);
    }
}
