using Metronome.Tooling.Measuring;

namespace Metronome.Tests.Measuring;

public class PassLogRingTests
{
    [Fact]
    public void Given_a_bounded_log_When_more_passes_than_its_capacity_come_Then_it_keeps_the_newest_and_counts_all()
    {
        var log = new PassLog(capacity: 4, ring: true);
        for (int i = 0; i < 10; i++) log.Add(new PassResult(i, 8192, 8192));

        Assert.Equal(10, log.Count);
        Assert.Equal(7, log.Oldest);
        Assert.Equal(9, log[9].Score);
        Assert.Equal(7, log[7].Score);
        Assert.Throws<ArgumentOutOfRangeException>(() => log[6]);
        Assert.Equal([7.0, 8.0, 9.0], log.Snapshot().Select(p => p.Score));
    }

    [Fact]
    public void Given_an_unbounded_log_When_it_passes_its_capacity_Then_it_keeps_everything()
    {
        var log = new PassLog(capacity: 2);
        for (int i = 0; i < 5; i++) log.Add(new PassResult(i, 8192, 8192));

        Assert.Equal(0, log.Oldest);
        Assert.Equal(5, log.Snapshot().Length);
    }
}
