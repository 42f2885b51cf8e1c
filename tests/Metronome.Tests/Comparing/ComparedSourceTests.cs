using Metronome.Tooling.Comparing;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Comparing;

public class ComparedSourceTests
{
    [Theory]
    [InlineData("nanosleep@all", (int)TickSourceKind.Nanosleep, true)]
    [InlineData("timerfd@all", (int)TickSourceKind.TimerFd, true)]
    [InlineData("hybrid", (int)TickSourceKind.Hybrid, false)]
    [InlineData("dahdi", (int)TickSourceKind.Dahdi, false)]
    public void Given_a_compare_row_name_When_read_Then_kind_at_all_is_the_redundant_form_and_reads_back_as_written(string name, int kind, bool onAllCpus)
    {
        Assert.True(ComparedSource.TryParse(name, out var source));
        Assert.Equal(new ComparedSource((TickSourceKind)kind, onAllCpus), source);
        Assert.Equal(name, source.Name);
    }

    [Theory]
    [InlineData("dotnet@all")] // no redundant form: its timer is not its own
    [InlineData("auto")] // not a source, and compare runs each source once
    [InlineData("auto@all")]
    [InlineData("Nanosleep")]
    [InlineData("nanosleep@")]
    [InlineData("")]
    public void Given_anything_else_When_read_Then_it_is_no_source(string name) => Assert.False(ComparedSource.TryParse(name, out _));
}
