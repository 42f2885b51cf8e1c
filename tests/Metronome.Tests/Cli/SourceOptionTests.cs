using System.Text.RegularExpressions;

namespace Metronome.Tests.Cli;

/// <summary>`--source`: the help names every source as results and `sources` do, and says the default as it is typed.</summary>
public partial class SourceOptionTests
{
    [Theory]
    [InlineData("test", "auto, timerfd, nanosleep, hybrid, dotnet, dahdi")]
    [InlineData("monitor", "auto, timerfd, nanosleep, hybrid, dotnet, dahdi")]
    [InlineData("dahdi", "auto, timerfd, nanosleep, hybrid, dotnet")]
    public void Given_a_verb_that_ticks_When_its_help_is_read_Then_source_lists_the_names_and_defaults_to_auto(string verb, string names)
    {
        var (code, stdout, _) = Support.CliRun.Run(verb, "--help");

        Assert.Equal(0, code);
        string help = Spaces().Replace(stdout, " ");
        Assert.Contains($"--source <source> Tick source: {names} [default: auto]", help);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
