using Metronome.Cli;
using Metronome.Cli.Commands;
using Metronome.Tooling.Comparing;

namespace Metronome.Tests.Cli;

/// <summary>`metronome compare`: the rate the sources share, and a source that cannot run.</summary>
public class CompareCommandTests
{
    [Theory]
    [InlineData(1000, "timerfd", "nanosleep@all")]
    [InlineData(500, "dahdi")]
    [InlineData(500, "timerfd", "dahdi")]
    public void Given_the_sources_When_no_rate_is_given_Then_they_share_the_lowest_of_their_defaults(int expected, params string[] names)
    {
        var sources = names.Select(n => ComparedSource.TryParse(n, out var s) ? s : throw new ArgumentException(n)).ToList();

        Assert.Equal(expected, CompareCommand.CommonRate(sources));
    }

    [Fact]
    public void Given_only_a_source_that_cannot_run_When_compared_Then_a_line_says_why_and_it_exits_1()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // 1000 Hz is a rate the dahdi source refuses before it looks for a device: the same on every host.
        int code = MetronomeCli.Run(["compare", "--sources", "dahdi", "--rate", "1000", "-D", "1"], stdout, stderr);

        Assert.Equal(1, code);
        var lines = stderr.ToString().TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.StartsWith("metronome: dahdi cannot run: the dahdi source ticks once per block", StringComparison.Ordinal));
        Assert.Equal("metronome: no source ran: nothing to compare", lines[^1]);
    }
}
