using Metronome.Tests.Support;

namespace Metronome.Tests.Bench;

/// <summary>
/// Every table in bench/results says where and when it was measured (<see cref="BenchTable"/>), and the
/// bench's own publish step writes what this test reads.
/// </summary>
public sealed class BenchResultsTests : IDisposable
{
    private const string Quiet = """
        # A bench

        ## Machine: KVM guest, tsc clocksource

        Host: Hypervisor detected: KVM; clocksource tsc; kernel 6.1.0-18-amd64; 2 vCPU\
        Load average: before 0.31, after 2.05 (1 min; limit 1.0)\
        Date: 2026-11-27T09:12Z to 2026-11-27T09:40Z (UTC)

        | tool | p99 |
        |---|---|
        | nanosleep | 12 |

        <!-- reading -->
        """;

    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    public static TheoryData<string> Tables()
    {
        var data = new TheoryData<string>();
        foreach (var table in Directory.EnumerateFiles(Path.Combine(Repository.Root, "bench", "results"), "*.md").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(table));
        return data;
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Given_a_published_table_When_read_Then_it_carries_the_host_the_load_before_and_after_and_the_date(string table)
    {
        var problems = BenchTable.Problems(File.ReadAllText(Path.Combine(Repository.Root, "bench", "results", table)));

        Assert.True(problems.Count == 0, $"bench/results/{table}:\n  {string.Join("\n  ", problems)}");
    }

    [Fact]
    public void Given_a_section_with_the_header_When_read_Then_there_is_no_problem()
    {
        Assert.Empty(BenchTable.Problems(Quiet));
    }

    [Theory]
    [InlineData("Host: ")]
    [InlineData("Load average: ")]
    [InlineData("Date: ")]
    public void Given_a_section_without_a_header_line_When_read_Then_it_names_that_line(string line)
    {
        var problem = Assert.Single(BenchTable.Problems(Without(line)));

        Assert.Contains($"no '{line}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_section_with_the_load_before_but_not_after_When_read_Then_it_says_the_load_line_is_missing()
    {
        string table = Quiet.Replace("before 0.31, after 2.05 (1 min", "before 0.31 (1 min", StringComparison.Ordinal);

        var problem = Assert.Single(BenchTable.Problems(table));

        Assert.Contains("no 'Load average: before X, after Y", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_table_from_before_the_header_When_read_Then_it_is_refused()
    {
        const string old = "## Under load (2026-11-24, 6.18.44-fc-v595, 2 vCPU, clocksource tsc)\n\n| a |\n|---|\n";

        var problem = Assert.Single(BenchTable.Problems(old));

        Assert.StartsWith("no '## Machine: <type>' section", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_load_above_the_limit_and_no_stamp_When_read_Then_it_is_refused_and_with_the_stamp_it_is_allowed()
    {
        string busy = Quiet.Replace("before 0.31", "before 18.52", StringComparison.Ordinal);
        string stamped = busy.Replace("(UTC)\n", $"(UTC)\n\n{BenchTable.BusyStamp} (BENCH_FORCE=1): load average 18.52 > 1.0.\n", StringComparison.Ordinal);

        Assert.Contains(BenchTable.Problems(busy), p => p.Contains("above the limit 1.0", StringComparison.Ordinal));
        Assert.Empty(BenchTable.Problems(stamped));
    }

    [Fact]
    public void Given_two_sections_for_the_same_machine_type_When_read_Then_it_is_refused()
    {
        string twice = Quiet.Replace("<!-- reading -->", Quiet.Split("\n\n", 2)[1], StringComparison.Ordinal);

        Assert.Contains(BenchTable.Problems(twice), p => p.Contains("a second section", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_table_with_another_machines_section_and_a_reading_When_a_bench_publishes_Then_its_section_is_added_and_the_rest_kept()
    {
        // A clocksource no machine has, so the section is another type's wherever the test runs.
        string other = Quiet.Replace("tsc", "fake-clock", StringComparison.Ordinal);
        string out_ = Path.Combine(_machine.Dir, "table.md");
        File.WriteAllText(out_, other.Replace("<!-- reading -->", "<!-- reading -->\n### Reading\n\nBy hand.\n", StringComparison.Ordinal));

        var (code, _, stderr) = Bash.Run(
            "source \"$LIB/common.sh\"; bench_begin; printf '| tool | p99 |\\n|---|---|\\n| timerfd | 9 |\\n' > \"$1.new\"; publish \"$1\" 'A bench' >/dev/null",
            _machine.Env(("METRONOME", "/bin/false")), out_);

        Assert.True(code == 0, stderr);
        string table = File.ReadAllText(out_);
        Assert.Empty(BenchTable.Problems(table));
        Assert.Equal(2, table.Split("\n## Machine: ").Length - 1);
        Assert.Contains("| nanosleep | 12 |", table, StringComparison.Ordinal);
        Assert.Contains("| timerfd | 9 |", table, StringComparison.Ordinal);
        Assert.EndsWith("<!-- reading -->\n### Reading\n\nBy hand.\n", table, StringComparison.Ordinal);
        Assert.StartsWith("# A bench\n\n## Machine: KVM guest, fake-clock clocksource\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_table_with_this_machines_section_When_a_bench_publishes_again_Then_the_section_is_replaced()
    {
        string out_ = Path.Combine(_machine.Dir, "table.md");
        const string publish = "source \"$LIB/common.sh\"; bench_begin; printf '| tool |\\n|---|\\n| %s |\\n' \"$2\" > \"$1.new\"; publish \"$1\" 'A bench' >/dev/null";
        var env = _machine.Env(("METRONOME", "/bin/false"));
        Bash.Run(publish, env, out_, "first run");

        var (code, _, stderr) = Bash.Run(publish, env, out_, "second run");

        Assert.True(code == 0, stderr);
        string table = File.ReadAllText(out_);
        Assert.DoesNotContain("first run", table, StringComparison.Ordinal);
        Assert.Contains("second run", table, StringComparison.Ordinal);
        Assert.Single(table.Split("\n## Machine: ").Skip(1));
        Assert.Empty(BenchTable.Problems(table));
    }

    private static string Without(string linePrefix) =>
        string.Join('\n', Quiet.Split('\n').Where(l => !l.StartsWith(linePrefix, StringComparison.Ordinal)));
}
