using Metronome.Timing.Linux;
using Metronome.Tooling.Dahdi;

namespace Metronome.Tests.Dahdi;

public sealed class DahdiStatePageTests
{
    private static readonly DahdiChannelState Timer = new()
    {
        Handle = 37, Kind = DahdiChannelKind.Timer, PeriodSamples = 160, PositionSamples = 24, Tripped = 2, Ping = 1,
        HasPoll = 1, PollHandle = 0xABCDEF, AtNs = 123_456_789,
    };

    [Fact]
    public void Given_a_channel_written_When_a_next_process_opens_the_page_Then_it_reads_the_same_state()
    {
        using var page = DahdiStatePage.Create();
        page.Write(5, Timer);
        page.Write(5, Timer with { Tripped = 3 });

        using var next = DahdiStatePage.Open(Dup(page.Fd));

        Assert.Equal(Timer with { Tripped = 3 }, next.Read(5));
        Assert.Equal(DahdiChannelKind.None, next.Read(4).Kind);
    }

    [Fact]
    public void Given_a_channel_closed_When_read_Then_its_slot_is_free()
    {
        using var page = DahdiStatePage.Create();
        page.Write(0, Timer);

        page.Clear(0);

        Assert.Equal(default, page.Read(0));
    }

    [Fact]
    public void Given_a_fresh_page_When_servers_start_on_it_Then_only_the_second_takes_over()
    {
        using var page = DahdiStatePage.Create();

        Assert.False(page.TakeOver());
        Assert.True(page.TakeOver());
    }

    [Fact]
    public void Given_a_page_of_another_layout_When_opened_Then_it_is_refused_and_a_reset_makes_it_an_empty_page_of_this_one()
    {
        using var page = DahdiStatePage.Create();
        page.Write(1, Timer);
        page.WriteMark(DahdiStatePage.Mark + 1);

        var refused = Assert.Throws<DahdiException>(() => DahdiStatePage.Open(Dup(page.Fd)));
        Assert.Equal("the channels' state page has layout 2 (this version reads 1)", refused.Message);

        DahdiStatePage.Reset(Dup(page.Fd));
        using var reset = DahdiStatePage.Open(Dup(page.Fd));
        Assert.Equal(default, reset.Read(1));
        Assert.False(reset.TakeOver());
    }

    /// <summary>Another descriptor on the same memfd, as a serving process inherits one.</summary>
    private static int Dup(int fd) => LibC.Open($"/proc/self/fd/{fd}", LibC.O_RDWR);
}
