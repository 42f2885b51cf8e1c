using Metronome.Timing.Sources;

namespace Metronome.Tests.Sources;

public class TickScheduleTests
{
    [Fact]
    public void Given_a_rate_that_does_not_divide_a_second_When_far_ahead_Then_deadlines_do_not_drift()
    {
        var s = new TickSchedule(0, 3);

        Assert.Equal(333_333_333, s.DeadlineNs(1));
        Assert.Equal(666_666_666, s.DeadlineNs(2));
        Assert.Equal(1_000_000_000, s.DeadlineNs(3));
        Assert.Equal(1_000_000_000_000, s.DeadlineNs(3000)); // exactly 1000 s, not 999.999999 s
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(999_999, 0)]
    [InlineData(1_000_000, 1)]
    [InlineData(5_500_000, 5)]
    public void IndexAt_is_the_last_deadline_reached(long nowNs, long expected) =>
        Assert.Equal(expected, new TickSchedule(0, 1000).IndexAt(nowNs));

    [Fact]
    public void IndexAt_agrees_with_DeadlineNs_at_every_boundary_of_an_odd_rate()
    {
        var s = new TickSchedule(17, 7);
        for (long k = 1; k < 100; k++)
        {
            Assert.Equal(k, s.IndexAt(s.DeadlineNs(k)));
            Assert.Equal(k - 1, s.IndexAt(s.DeadlineNs(k) - 1));
        }
    }
}
