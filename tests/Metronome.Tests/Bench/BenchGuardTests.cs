namespace Metronome.Tests.Bench;

/// <summary>bench/lib/guard.sh on a made-up machine (<see cref="FakeMachine"/>): when a bench may measure.</summary>
public sealed class BenchGuardTests : IDisposable
{
    private const string Guard = "source \"$LIB/guard.sh\"; bench_guard; echo started";
    private readonly FakeMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    [Fact]
    public void Given_a_load_average_above_the_limit_When_the_guard_runs_Then_it_refuses_with_one_line_and_exit_1()
    {
        _machine.Load("1.42");

        var (code, stdout, stderr) = Bash.Run(Guard, _machine.Env());

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("bench: refusing to measure a busy machine: load average 1.42 > 1.0 (BENCH_FORCE=1 measures anyway and stamps the table)\n", stderr);
    }

    [Fact]
    public void Given_a_quiet_machine_When_the_guard_runs_Then_the_bench_starts_and_nothing_is_said()
    {
        var (code, stdout, stderr) = Bash.Run(Guard, _machine.Env());

        Assert.Equal((0, "started\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public void Given_BENCH_MAX_LOAD_above_the_load_When_the_guard_runs_Then_the_bench_starts()
    {
        _machine.Load("1.42");

        var (code, stdout, _) = Bash.Run(Guard, _machine.Env(("BENCH_MAX_LOAD", "2")));

        Assert.Equal((0, "started\n"), (code, stdout));
    }

    [Fact]
    public void Given_a_BENCH_MAX_LOAD_that_is_not_a_number_When_the_guard_runs_Then_it_says_so_in_one_line_and_exits_2()
    {
        var (code, _, stderr) = Bash.Run(Guard, _machine.Env(("BENCH_MAX_LOAD", "high")));

        Assert.Equal((2, "bench: BENCH_MAX_LOAD must be a number, not 'high'\n"), (code, stderr));
    }

    [Fact]
    public void Given_another_bench_holds_the_lock_When_the_guard_runs_Then_it_refuses()
    {
        var (code, stdout, stderr) = Bash.Run($"exec 8>>\"$BENCH_LOCK_FILE\"; flock 8; {Guard}", _machine.Env());

        Assert.Equal((1, ""), (code, stdout));
        Assert.Equal($"bench: refusing to measure a busy machine: another bench holds {_machine.LockFile} (BENCH_FORCE=1 measures anyway and stamps the table)\n", stderr);
    }

    [Fact]
    public void Given_a_bench_has_started_When_a_second_starts_Then_the_second_is_refused_while_the_first_runs()
    {
        var (code, stdout, stderr) = Bash.Run(
            "source \"$LIB/guard.sh\"; bench_guard; echo first; ( source \"$LIB/guard.sh\"; bench_guard; echo second )",
            _machine.Env());

        Assert.Equal((1, "first\n"), (code, stdout));
        Assert.Contains("another bench holds", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_build_a_compile_and_a_make_running_When_the_guard_runs_Then_it_refuses_naming_them()
    {
        _machine.Process(4190300, ["dotnet", "build", "tests/Metronome.Tests", "-c", "Release"]);
        _machine.Process(4190301, ["/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "-quiet", "main/asterisk.c"]);
        _machine.Process(4190302, ["make", "-j2"]);

        var (code, _, stderr) = Bash.Run(Guard, _machine.Env());

        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("dotnet build (pid 4190300)", stderr, StringComparison.Ordinal);
        Assert.Contains("cc1 (pid 4190301)", stderr, StringComparison.Ordinal);
        Assert.Contains("make (pid 4190302)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_another_bench_script_running_without_the_lock_When_the_guard_runs_Then_it_refuses()
    {
        _machine.Process(4190310, ["bash", "/work/other/bench/rtp-pacing.sh"]);

        var (code, _, stderr) = Bash.Run(Guard, _machine.Env());

        Assert.Equal(1, code);
        Assert.Contains("bench rtp-pacing.sh (pid 4190310)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_build_that_is_the_benchs_own_child_When_the_guard_runs_Then_it_does_not_count()
    {
        // The process's parent is the shell that runs the guard ($$), as the bench's own `make` would be.
        var (code, stdout, stderr) = Bash.Run(
            "mkdir -p \"$BENCH_PROC_DIR/4190320\"; printf 'make\\0-j2\\0' > \"$BENCH_PROC_DIR/4190320/cmdline\"; " +
            "printf 'PPid:\\t%s\\n' $$ > \"$BENCH_PROC_DIR/4190320/status\"; " + Guard,
            _machine.Env());

        Assert.Equal((0, "started\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public void Given_an_idle_compiler_server_left_by_a_build_When_the_guard_runs_Then_it_does_not_count()
    {
        using var sleeper = System.Diagnostics.Process.Start("sleep", "30");
        _machine.Process(4190330, ["/usr/share/dotnet/dotnet", "/usr/share/dotnet/sdk/10.0.401/Roslyn/bincore/VBCSCompiler.dll", "-pipename:x"],
            statOf: $"/proc/{sleeper.Id}/stat");
        _machine.Process(4190331, ["/usr/share/dotnet/dotnet", "/usr/share/dotnet/sdk/10.0.401/MSBuild.dll", "/nodemode:1", "/nodeReuse:true"]);
        try
        {
            var (code, stdout, stderr) = Bash.Run(Guard, _machine.Env());

            Assert.Equal((0, "started\n", ""), (code, stdout, stderr));
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void Given_a_compiler_server_using_CPU_When_the_guard_runs_Then_it_refuses()
    {
        // A spinning shell (bounded: 30 s) stands for the server at work: its stat is what the guard samples over one second.
        using var spinner = System.Diagnostics.Process.Start("bash", ["-c", "end=$((SECONDS + 30)); while [ $SECONDS -lt $end ]; do :; done"]);
        _machine.Process(4190340, ["/usr/share/dotnet/dotnet", "/usr/share/dotnet/sdk/10.0.401/Roslyn/bincore/VBCSCompiler.dll", "-pipename:x"],
            statOf: $"/proc/{spinner.Id}/stat");
        try
        {
            var (code, _, stderr) = Bash.Run(Guard, _machine.Env());

            Assert.Equal(1, code);
            Assert.Contains("VBCSCompiler (pid 4190340)", stderr, StringComparison.Ordinal);
        }
        finally
        {
            spinner.Kill();
        }
    }

    [Fact]
    public void Given_BENCH_FORCE_on_a_busy_machine_When_a_bench_begins_Then_it_measures_and_its_header_carries_the_stamp()
    {
        _machine.Load("3.50");
        _machine.Process(4190300, ["dotnet", "test", "tests/Metronome.Tests"]);

        var (code, stdout, stderr) = Bash.Run(
            "source \"$LIB/guard.sh\"; source \"$LIB/header.sh\"; bench_guard; bench_begin; bench_header",
            _machine.Env(("BENCH_FORCE", "1")));

        Assert.Equal(0, code);
        Assert.Contains("bench: BENCH_FORCE=1, measuring a busy machine (load average 3.50 > 1.0; running: dotnet test (pid 4190300))", stderr, StringComparison.Ordinal);
        Assert.Contains($"{BenchTable.BusyStamp} (BENCH_FORCE=1): load average 3.50 > 1.0; running: dotnet test (pid 4190300).", stdout, StringComparison.Ordinal);
        Assert.Empty(BenchTable.Problems(stdout));
    }

    [Fact]
    public void Given_the_load_stays_above_the_limit_after_the_benchs_build_When_the_bench_begins_Then_it_refuses()
    {
        _machine.Load("1.80");

        var (code, stdout, stderr) = Bash.Run(
            "source \"$LIB/guard.sh\"; bench_begin; echo measuring",
            _machine.Env(("BENCH_SETTLE_SECONDS", "0")));

        Assert.Equal((1, ""), (code, stdout));
        Assert.StartsWith("bench: refusing to measure a busy machine: load average 1.80 > 1.0", stderr, StringComparison.Ordinal);
    }
}
