using Metronome.Cli;

namespace Metronome.Tests.Cli;

/// <summary>Bad usage: one clear line on stderr, a usage hint, exit 2, and nothing measured.</summary>
public class UsageErrorTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = MetronomeCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--rate must be between 1 and 10000 (got 0)", "test", "--rate", "0")]
    [InlineData("--rate must be between 1 and 10000 (got 10001)", "test", "-r", "10001")]
    [InlineData("unknown source 'hpet9' (known: auto, timerfd, nanosleep, hybrid, dotnet)", "test", "--source", "hpet9")]
    [InlineData("--count must be between 1 and 1000000 (got -1)", "test", "-c", "-1")]
    [InlineData("--priority must be between 1 and 99 (got 100)", "test", "-p", "100")]
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

    [Fact]
    public void Given_an_unknown_verb_When_run_Then_it_exits_2()
    {
        var (code, _, stderr) = Run("frobnicate");

        Assert.Equal(2, code);
        Assert.StartsWith("metronome: ", stderr);
    }

    [Fact]
    public void Given_a_json_path_that_cannot_be_written_When_run_Then_one_line_says_why_and_it_exits_1_before_measuring()
    {
        var (code, stdout, stderr) = Run("test", "-c", "1", "--json", "/nonexistent-dir/result.json");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("metronome: Could not find a part of the path", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }
}
