using Metronome.Cli;
using Metronome.Cli.Commands;

namespace Metronome.Tests.Cli;

public class MonitorCommandTests
{
    [Theory]
    [InlineData("6h", 21600)]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("2d", 172800)]
    [InlineData("45", 45)]
    [InlineData("0", 0)]
    public void Doctor_intervals(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), MonitorCommand.ParseInterval(text));

    [Theory]
    [InlineData("")]
    [InlineData("6x")]
    [InlineData("-1h")]
    [InlineData("h")]
    public void Not_intervals(string text) => Assert.Null(MonitorCommand.ParseInterval(text));

    [Theory]
    [InlineData("--listen: '1.2.3' is not an IP address (give 127.0.0.1, 0.0.0.0, ::1 or this host's address)", "--listen", "1.2.3:9")]
    [InlineData("--doctor-every: '6x' is not a duration (for example 90s, 30m, 6h, or 0)", "--doctor-every", "6x")]
    [InlineData("--stall-us must be between 10 and 10000000 (got 0)", "--stall-us", "0")]
    public void Given_bad_monitor_input_When_run_Then_one_line_and_exit_2_before_measuring(string message, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = MetronomeCli.Run(["monitor", .. args], stdout, stderr);

        Assert.Equal(2, code);
        Assert.Equal("", stdout.ToString());
        Assert.Equal($"metronome: {message}", stderr.ToString().Split('\n')[0]);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("abc")]
    [InlineData("")]
    public void Given_a_bad_doctor_interval_for_the_exporter_When_run_Then_one_line_and_exit_2(string value)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = MetronomeCli.Run(["metrics-exporter", "--listen", "127.0.0.1:9", "--doctor-every", value], stdout, stderr);

        Assert.Equal(2, code);
        Assert.Equal("", stdout.ToString());
        Assert.Equal($"metronome: --doctor-every: '{value}' is not a duration (seconds, or 90s, 30m, 6h) or off", stderr.ToString().Split('\n')[0]);
    }

    [Fact]
    public void Given_an_unwritable_stall_log_When_run_Then_one_line_and_exit_1_before_measuring()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = MetronomeCli.Run(["monitor", "--listen", "off", "--stall-log", "/nonexistent-dir/stalls.jsonl"], stdout, stderr);

        Assert.Equal(1, code);
        Assert.Equal("", stdout.ToString());
        var lines = stderr.ToString().TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("metronome: --stall-log /nonexistent-dir/stalls.jsonl: ", lines[0]);
    }
}
