using Metronome.Timing;

namespace Metronome.IntegrationTests.Ticking;

/// <summary>The public Ticker on the host's real timers: one thread, and one per CPU.</summary>
public class TickerRealTimerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Given_a_1_kHz_ticker_on_N_CPUs_When_a_consumer_takes_ticks_for_half_a_second_Then_every_tick_is_received_or_counted_missed(int cpus)
    {
        // On a one-CPU host both cases run one thread: still a real ticker to check.
        using var ticker = Ticker.Start(new TickerOptions { RateHz = 1000, Cpus = [.. Enumerable.Range(0, Math.Min(cpus, Environment.ProcessorCount))] });
        long received = 0, missed = 0, last = 0;
        var until = DateTime.UtcNow.AddMilliseconds(500);
        while (DateTime.UtcNow < until)
        {
            var tick = ticker.WaitNext();
            received++;
            missed += tick.Missed;
            Assert.True(tick.Index > last, $"tick {tick.Index} after {last}: delivered twice or out of order");
            last = tick.Index;
        }
        var stats = ticker.GetStatistics();

        Assert.InRange(last, 400, 600);
        Assert.Equal(last, received + missed);
        Assert.True(stats.Ticks >= last, $"statistics count {stats.Ticks} ticks, the consumer saw {last}");
        Assert.False(ticker.IsBestEffort);
    }
}
