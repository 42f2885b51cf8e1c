using Metronome.Cli;

namespace Metronome.Tests.Cli;

/// <summary>Bad usage: one clear line on stderr, a usage hint, exit 2, and nothing measured.</summary>
public class UsageErrorTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliRun.Run(args);

    [Theory]
    [InlineData("--rate must be between 1 and 10000 (got 0)", "test", "--rate", "0")]
    [InlineData("--rate must be between 1 and 10000 (got 10001)", "test", "-r", "10001")]
    [InlineData("unknown source 'hpet9' (known: auto, timerfd, nanosleep, hybrid, dotnet, dahdi)", "test", "--source", "hpet9")]
    [InlineData("--count must be between 1 and 1000000 (got -1)", "test", "-c", "-1")]
    [InlineData("--priority must be between 1 and 99 (got 100)", "test", "-p", "100")]
    [InlineData("--cpu takes a CPU number 0..1023, a list such as 0,1 or 0-3, or all (got '0,x')", "test", "--cpu", "0,x")]
    [InlineData("--cpu 1,1 lists CPU 1 twice", "test", "--cpu", "1,1")]
    [InlineData("--cpu 0,0 lists CPU 0 twice", "test", "--cpu", "0,0")]
    [InlineData("--cpu takes a CPU number 0..1023, a list such as 0,1 or 0-3, or all (got '-1')", "test", "--cpu", "-1")]
    [InlineData("--standby-us must be between 0 and 100000 (got -5)", "test", "--standby-us", "-5")]
    [InlineData("--cpu 0,1 runs one tick thread per CPU, which the dotnet source cannot: use timerfd, nanosleep, hybrid, or one CPU", "test", "--source", "dotnet", "--cpu", "0,1")]
    public void Given_a_bad_option_When_run_Then_one_line_says_what_and_it_exits_2(string message, params string[] args)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Equal($"metronome: {message}", lines[0]);
        Assert.Equal("Usage: metronome test [options]; 'metronome test --help' lists them.", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Theory]
    [InlineData("test", "1023")]
    [InlineData("test", "0,1023")]
    [InlineData("monitor", "0,1023")]
    public void Given_a_cpu_this_host_does_not_offer_When_run_Then_one_line_names_it_and_the_allowed_ones_and_it_exits_2(string verb, string cpus)
    {
        var (code, stdout, stderr) = Run(verb, "--cpu", cpus, "-D", "1", "--no-rt");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: --cpu {cpus}: CPU 1023 is not online or not allowed here (allowed: {Metronome.Timing.Linux.CpuList.Format(Metronome.Timing.Linux.CpuList.Allowed())})\n"
                     + $"Usage: metronome {verb} [options]; 'metronome {verb} --help' lists them.\n", stderr.Replace("\r", ""));
    }

    [Theory]
    [InlineData("--measure must be between 1 and 3600 (got 0)", "doctor", "--measure", "0")]
    [InlineData("--root and --collect do not go together: --collect snapshots this host", "doctor", "--root", "/x", "--collect", "/y.tar.gz")]
    public void Given_a_bad_doctor_option_When_run_Then_one_line_says_what_and_it_exits_2(string message, params string[] args)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: {message}\nUsage: metronome doctor [options]; 'metronome doctor --help' lists them.\n", stderr.Replace("\r", ""));
    }

    [Fact]
    public void Given_a_snapshot_that_does_not_exist_When_doctored_Then_one_line_says_so_and_it_exits_1()
    {
        var (code, _, stderr) = Run("doctor", "--root", "/nonexistent/snapshot.tar.gz");

        Assert.Equal(1, code);
        Assert.Equal("metronome: no snapshot at /nonexistent/snapshot.tar.gz\n", stderr.Replace("\r", ""));
    }

    [Fact]
    public void Given_a_fixture_snapshot_When_doctored_as_json_Then_the_document_has_the_documented_keys()
    {
        var (code, stdout, _) = Run("doctor", "--root", Metronome.Tests.Support.Fixtures.Host("xen"), "--json");

        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("ready", root.GetProperty("verdict").GetString());
        var finding = root.GetProperty("findings")[0];
        foreach (var key in new[] { "id", "status", "observed", "why", "fix" }) Assert.True(finding.TryGetProperty(key, out _), key);
        var host = root.GetProperty("host");
        Assert.Equal("xen", host.GetProperty("virtualization").GetString());
        Assert.Equal("none", host.GetProperty("container").GetString());
        Assert.Equal("xen", host.GetProperty("clocksource").GetProperty("current").GetString());
        Assert.Equal(2, host.GetProperty("clocksource").GetProperty("available").GetArrayLength());
        Assert.Equal(2, host.GetProperty("clockEvents").GetProperty("perCpu").GetArrayLength());
        Assert.Equal("xen", host.GetProperty("clockEvents").GetProperty("broadcast").GetString());
        Assert.True(host.GetProperty("highResolution").GetProperty("active").GetBoolean());
        Assert.Equal(1, host.GetProperty("highResolution").GetProperty("resolutionNs").GetInt64());
        Assert.Equal(1000, host.GetProperty("hz").GetInt32());
        Assert.Equal("full", host.GetProperty("preemption").GetString());
        Assert.False(host.GetProperty("hpet").GetProperty("present").GetBoolean());
        Assert.False(host.GetProperty("rtc").GetProperty("present").GetBoolean());
        Assert.False(host.GetProperty("tscUnstable").GetBoolean());
        Assert.Equal("5.10.0-32-amd64", host.GetProperty("kernel").GetProperty("release").GetString());
        Assert.StartsWith("#1 SMP PREEMPT", host.GetProperty("kernel").GetProperty("version").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, host.GetProperty("steal").GetProperty("percent").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("measurement").ValueKind);
    }

    [Theory]
    [InlineData("test", "bad --load part 'cpu=x': cpu takes a count from 0 to 256", "test", "--load", "cpu=x")]
    [InlineData("compare", "bad --load part 'disk=1': unknown kind 'disk' (known: cpu, memory, io, switch, memory-bytes)", "compare", "--load", "cpu=1,disk=1")]
    [InlineData("compare", "unknown source 'hpet' in --sources (known: timerfd, nanosleep, hybrid, dotnet, dahdi)", "compare", "--sources", "timerfd,hpet")]
    [InlineData("load", "load needs at least one worker: --cpu, --memory, --io or --switch", "load")]
    [InlineData("load", "--memory-bytes takes a size such as 256M or 1G (got 'lots')", "load", "--memory", "1", "--memory-bytes", "lots")]
    [InlineData("doctor", "--load goes with a live measurement: not with --root, --from or --no-measure", "doctor", "--no-measure", "--load", "cpu=1")]
    [InlineData("dahdi", "unknown source 'dahdi' (known: auto, timerfd, nanosleep, hybrid, dotnet)", "dahdi", "--source", "dahdi")]
    [InlineData("dahdi", "--status-every must be between 1 and 86400 (got 0)", "dahdi", "--status-every", "0")]
    public void Given_a_bad_option_of_a_verb_When_run_Then_one_line_names_it_and_it_exits_2(string verb, string message, params string[] args)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: {message}\nUsage: metronome {verb} [options]; 'metronome {verb} --help' lists them.\n", stderr.Replace("\r", ""));
    }

    /// <summary>The verbs a user may call, in the order the root lists them: not the hidden metrics-exporter, which monitor and dahdi start.</summary>
    private const string Verbs = "test, sources, doctor, load, compare, dahdi, dahdi-load, monitor, report";

    [Fact]
    public void Given_an_unknown_verb_When_run_Then_it_names_it_lists_the_verbs_and_exits_2()
    {
        var (code, stdout, stderr) = Run("frobnicate", "-c", "1");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: unknown command 'frobnicate' (commands: {Verbs})\n"
                     + "Usage: metronome COMMAND [options]; 'metronome --help' describes them.\n", stderr.Replace("\r", ""));
    }

    [Fact]
    public void Given_no_verb_When_run_Then_it_lists_the_verbs_and_exits_2()
    {
        var (code, _, stderr) = Run();

        Assert.Equal(2, code);
        Assert.StartsWith($"metronome: no command given (commands: {Verbs})\n", stderr.Replace("\r", ""));
    }

    [Theory]
    [InlineData("metronome", "COMMAND [options]; 'metronome --help' describes them.", "--no-such-flag")]
    [InlineData("metronome test", "[options]; 'metronome test --help' lists them.", "test", "--no-such-flag")]
    [InlineData("metronome test", "[options]; 'metronome test --help' lists them.", "test", "-c", "1", "--no-such-flag")]
    [InlineData("metronome report", "RESULT.json... [options]; 'metronome report --help' lists them.", "report", "--no-such-flag")]
    public void Given_an_unknown_option_When_run_Then_it_is_named_as_an_unknown_option_and_it_exits_2(string path, string usage, params string[] args)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: unknown option '--no-such-flag'\nUsage: {path} {usage}\n", stderr.Replace("\r", ""));
    }

    [Theory]
    [InlineData("report")]
    [InlineData("report", "-o", "report.html")]
    public void Given_report_without_a_result_file_When_run_Then_it_asks_for_RESULT_json_and_its_usage_shows_it(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("metronome: report needs at least one RESULT.json, a result saved by test, compare or doctor with --json\n"
                     + "Usage: metronome report RESULT.json... [options]; 'metronome report --help' lists them.\n", stderr.Replace("\r", ""));
    }

    [Fact]
    public void Given_report_with_a_result_file_but_no_output_When_run_Then_it_asks_for_the_html_file()
    {
        var (code, _, stderr) = Run("report", "result.json");

        Assert.Equal(2, code);
        Assert.StartsWith("metronome: report needs -o FILE, the HTML file to write\n", stderr.Replace("\r", ""));
    }

    [Theory]
    [InlineData("--json", "/nonexistent-dir/result.json", "No such file or directory")]
    [InlineData("--histogram", "/nonexistent-dir/histogram.txt", "No such file or directory")]
    [InlineData("--json", "/proc", "Is a directory")]
    // Root may open /proc/version for writing; the write itself fails. Others cannot open it.
    [InlineData("--histogram", "/proc/version", null)]
    public void Given_an_output_path_that_cannot_be_written_When_run_Then_one_strerror_line_says_why_and_it_exits_1_before_measuring(string option, string path, string? reason)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, stderr) = Run("test", "-c", "3", option, path);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"metronome: cannot write {path}: ", stderr);
        Assert.EndsWith(reason ?? (Environment.UserName == "root" ? "Input/output error" : "Permission denied"), stderr.TrimEnd('\n'));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"took {clock.Elapsed}: three passes measured before the path was tried?");
    }
}
