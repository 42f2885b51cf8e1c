using Metronome.Tooling.Dahdi;
using Metronome.Timing.DahdiAbi;

namespace Metronome.Tests.Dahdi;

public class TimerChannelTests
{
    [Fact]
    public void Given_a_160_sample_period_When_a_second_of_ticks_passes_Then_it_expires_50_times()
    {
        var timer = new TimerChannel();
        timer.Configure(160);

        for (int i = 0; i < 1000; i++) timer.OnTick();

        Assert.Equal(50, timer.Tripped);
        Assert.True(timer.PollPriority);
    }

    [Fact]
    public void Given_expirations_When_events_are_read_and_acked_Then_it_follows_res_timing_dahdi()
    {
        var timer = new TimerChannel();
        timer.Configure(160);
        for (int i = 0; i < 60; i++) timer.OnTick(); // 3 expirations at ticks 20, 40, 60

        Assert.Equal(DahdiIoctl.EventTimerExpired, timer.GetEvent());
        Assert.Equal(3, timer.Tripped); // reading the event does not acknowledge it
        timer.Ack(1);
        Assert.Equal(2, timer.Tripped);
        timer.Ack(0); // < 1: all
        Assert.Equal(0, timer.Tripped);
        Assert.False(timer.PollPriority);
        Assert.Equal(DahdiIoctl.EventNone, timer.GetEvent());
    }

    [Fact]
    public void Given_more_acks_than_pending_When_acked_Then_all_are_acknowledged()
    {
        var timer = new TimerChannel();
        timer.Configure(8);
        timer.OnTick();
        timer.OnTick();

        timer.Ack(5);

        Assert.Equal(0, timer.Tripped);
    }

    [Fact]
    public void Given_a_ping_When_events_are_read_Then_the_ping_comes_first_until_pong_clears_it()
    {
        var timer = new TimerChannel();
        timer.Configure(8);
        timer.OnTick();
        timer.Ping();

        Assert.Equal(DahdiIoctl.EventTimerPing, timer.GetEvent());
        Assert.Equal(DahdiIoctl.EventTimerPing, timer.GetEvent()); // reading does not consume it
        timer.Pong();
        Assert.Equal(DahdiIoctl.EventTimerExpired, timer.GetEvent());
        timer.Ack(0);
        Assert.False(timer.PollPriority);
    }

    [Fact]
    public void Given_a_negative_period_When_configured_Then_it_becomes_0_and_the_timer_stays_silent()
    {
        var timer = new TimerChannel();
        timer.Configure(-8);
        for (int i = 0; i < 100; i++) timer.OnTick();

        Assert.Equal(0, timer.PeriodSamples);
        Assert.Equal(0, timer.Tripped);
    }
}
