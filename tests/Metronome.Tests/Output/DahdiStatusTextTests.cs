using Metronome.Cli.Output;
using Metronome.Tooling.Dahdi;

namespace Metronome.Tests.Output;

public class DahdiStatusTextTests
{
    [Fact]
    public void Given_readers_and_a_timer_When_formatted_Then_the_line_names_source_channels_ticks_missed_and_lost() =>
        Assert.Equal(
            "source timerfd, 3 open channels (2 pseudo, 1 timer), 60012 ticks, 4 missed, 7 blocks lost by slow readers",
            DahdiStatusText.Format("timerfd", new DahdiStatus(2, 1, 7), 60012, 4));

    [Fact]
    public void Given_one_channel_When_formatted_Then_the_noun_is_singular() =>
        Assert.Equal(
            "source nanosleep, 1 open channel (0 pseudo, 1 timer), 0 ticks, 0 missed, 0 blocks lost by slow readers",
            DahdiStatusText.Format("nanosleep", new DahdiStatus(0, 1, 0), 0, 0));
}
