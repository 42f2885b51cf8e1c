using Metronome.Timing.Linux;
using Metronome.Timing.Sources;
using Metronome.Tests.Fakes;
using Metronome.Timing;

namespace Metronome.Tests.Ticking;

public class TickerTests
{
    private const long Origin = 1_000_000_000;
    private const long Ms = 1_000_000;

    private static (Ticker Ticker, SteppedSource Source) StartStepped(TickerOptions? options = null)
    {
        var clock = new ScriptedClock(Origin);
        var source = new SteppedSource(clock);
        var ticker = Ticker.Start(options ?? new TickerOptions(), (_, c) => TickGroup.One(source, clock: c), (_, _) => throw new InvalidOperationException("not used"), clock);
        return (ticker, source);
    }

    /// <summary>
    /// Calls WaitNext on a thread of its own and returns once that thread is blocked in it (a managed wait,
    /// with no tick to take), so what the test does next happens to a consumer that is really waiting.
    /// </summary>
    private static Task<Tick> BlockedConsumer(Ticker ticker)
    {
        var result = new TaskCompletionSource<Tick>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(ticker.WaitNext());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        }) { IsBackground = true, Name = "test consumer" };
        thread.Start();
        Assert.True(SpinWait.SpinUntil(() => (thread.ThreadState & ThreadState.WaitSleepJoin) != 0 || result.Task.IsCompleted, TimeSpan.FromSeconds(5)),
            "the consumer never blocked");
        Assert.False(result.Task.IsCompleted, "the consumer returned instead of waiting for a tick");
        return result.Task;
    }

    [Fact]
    public void Given_ticks_on_their_deadlines_When_the_consumer_waits_for_each_Then_it_gets_every_index_with_its_lateness()
    {
        var (ticker, source) = StartStepped();
        using (ticker)
        {
            var got = new List<Tick>();
            for (int k = 1; k <= 3; k++)
            {
                source.Step(Origin + k * Ms + 20_000 * k);
                got.Add(ticker.WaitNext());
            }

            Assert.Equal([1L, 2, 3], got.Select(t => t.Index));
            Assert.Equal([Origin + Ms, Origin + 2 * Ms, Origin + 3 * Ms], got.Select(t => t.ScheduledNs));
            Assert.Equal([20_000L, 40_000, 60_000], got.Select(t => t.LatenessNs));
            Assert.All(got, t => Assert.Equal(0, t.Missed));
            source.Unblock(Origin + 4 * Ms);
        }
    }

    [Fact]
    public void Given_a_wakeup_5_ms_late_When_it_is_delivered_Then_the_latest_tick_comes_with_5_missed_and_the_stall_is_in_the_statistics()
    {
        var (ticker, source) = StartStepped();
        using (ticker)
        {
            source.Step(Origin + 6 * Ms + 10_000, elapsed: 6);
            var tick = ticker.WaitNext();
            var stats = ticker.GetStatistics();

            Assert.Equal(new Tick(6, Origin + 6 * Ms, Origin + 6 * Ms + 10_000, Missed: 5), tick);
            Assert.Equal(new TickerStatistics(6, 1, 5, 0,
                TimeSpan.FromTicks(50_100), TimeSpan.FromTicks(50_100), TimeSpan.FromTicks(50_100), TimeSpan.FromTicks(50_100)), stats);
            source.Unblock(Origin + 7 * Ms);
        }
    }

    [Fact]
    public void Given_a_consumer_busy_for_three_ticks_When_it_waits_again_Then_the_ticks_coalesce_into_the_latest_with_two_missed()
    {
        var (ticker, source) = StartStepped();
        using (ticker)
        {
            for (int k = 1; k <= 3; k++) source.Step(Origin + k * Ms);

            var tick = ticker.WaitNext();
            source.Step(Origin + 4 * Ms);
            var next = ticker.WaitNext();

            Assert.Equal((3L, 2L), (tick.Index, tick.Missed));
            Assert.Equal((4L, 0L), (next.Index, next.Missed));
            var stats = ticker.GetStatistics();
            Assert.Equal((4L, 4L, 0L, 2L), (stats.Ticks, stats.Wakeups, stats.MissedByTimer, stats.NotConsumed));
            source.Unblock(Origin + 5 * Ms);
        }
    }

    [Fact]
    public async Task Given_an_async_consumer_When_ticks_come_Then_await_foreach_sees_each_and_cancellation_ends_it()
    {
        var (ticker, source) = StartStepped();
        using var cancel = new CancellationTokenSource();
        var seen = new List<long>();
        var consumer = Task.Run(async () =>
        {
            await foreach (var tick in ticker.WithCancellation(cancel.Token))
            {
                seen.Add(tick.Index);
                if (seen.Count == 3) cancel.Cancel();
            }
        });
        for (int k = 1; k <= 3; k++)
        {
            source.Step(Origin + k * Ms);
            SpinWait.SpinUntil(() => Volatile.Read(ref seen).Count >= k || consumer.IsCompleted, TimeSpan.FromSeconds(5));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer);
        Assert.Equal([1L, 2, 3], seen);
        ticker.Dispose();
        source.Unblock(Origin + 4 * Ms);
    }

    [Fact]
    public async Task Given_consumers_waiting_When_the_ticker_is_disposed_Then_the_blocking_one_throws_and_the_async_one_ends()
    {
        var (blockingTicker, blockingSource) = StartStepped();
        var blocked = BlockedConsumer(blockingTicker);
        blockingTicker.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(5)));
        blockingSource.Unblock(Origin + Ms);

        var (asyncTicker, asyncSource) = StartStepped();
        var enumerator = asyncTicker.GetAsyncEnumerator();
        var pending = enumerator.MoveNextAsync().AsTask();
        Assert.False(pending.IsCompleted, "the async consumer had a tick or an end before the ticker was disposed");
        asyncTicker.Dispose();
        Assert.False(await pending.WaitAsync(TimeSpan.FromSeconds(5)));
        await enumerator.DisposeAsync();
        asyncSource.Unblock(Origin + Ms);
    }

    [Fact]
    public void Given_a_source_that_fails_while_ticking_When_the_consumer_waits_Then_it_gets_the_reason()
    {
        var (ticker, source) = StartStepped();
        using (ticker)
        {
            source.Fail("timerfd read failed: Bad file descriptor");

            var e = Assert.Throws<TickerUnavailableException>(() => ticker.WaitNext());
            Assert.Equal("the tick source failed: timerfd read failed: Bad file descriptor", e.Message);
            Assert.True(SpinWait.SpinUntil(() => source.Disposed, TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public void Given_no_precise_source_opens_When_best_effort_is_not_allowed_Then_Start_throws_with_the_reason()
    {
        var clock = new ScriptedClock(Origin);
        var e = Assert.Throws<TickerUnavailableException>(() => Ticker.Start(new TickerOptions(),
            (_, _) => throw new TickSourceException("Metronome's tick sources need Linux"),
            (_, _) => throw new InvalidOperationException("must not be opened"), clock));

        Assert.Equal("no precise tick source opens here: Metronome's tick sources need Linux", e.Message);
    }

    [Fact]
    public void Given_no_precise_source_opens_When_best_effort_is_allowed_Then_the_fallback_ticks_and_says_it_is_best_effort()
    {
        var clock = new ScriptedClock(Origin);
        var fallback = new SteppedSource(clock, TickSourceKind.Dotnet);
        using var ticker = Ticker.Start(new TickerOptions { AllowBestEffort = true },
            (_, _) => throw new TickSourceException("timerfd_create failed: Operation not permitted"), (_, c) => TickGroup.One(fallback, clock: c), clock);

        fallback.Step(Origin + Ms);
        Assert.True(ticker.IsBestEffort);
        Assert.Equal("dotnet", ticker.SourceName);
        Assert.Equal(1, ticker.WaitNext().Index);
        ticker.Dispose();
        fallback.Unblock(Origin + 2 * Ms);
    }

    [Fact]
    public async Task Given_a_second_consumer_When_one_is_waiting_Then_it_is_refused()
    {
        var (ticker, source) = StartStepped();
        using (ticker)
        {
            var first = BlockedConsumer(ticker);

            Assert.Throws<InvalidOperationException>(() => ticker.GetAsyncEnumerator());
            source.Step(Origin + Ms);
            Assert.Equal(1, (await first.WaitAsync(TimeSpan.FromSeconds(5))).Index);
        }
        source.Unblock(Origin + 2 * Ms);
    }

    [Theory]
    [InlineData(20, 50)]
    [InlineData(1, 1000)]
    [InlineData(1000, 1)]
    public void Given_a_period_that_divides_a_second_When_it_is_set_Then_it_becomes_the_rate(int ms, int hz) =>
        Assert.Equal(hz, new TickerOptions { Period = TimeSpan.FromMilliseconds(ms) }.RateHz);

    [Fact]
    public void Given_bad_options_When_the_ticker_starts_Then_each_is_refused_before_anything_opens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TickerOptions { Period = TimeSpan.FromMilliseconds(3) });
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticker.Start(new TickerOptions { RateHz = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticker.Start(new TickerOptions { RateHz = 10_001 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticker.Start(new TickerOptions { RealtimePriority = 100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ticker.Start(new TickerOptions { Cpus = [1024] }));
    }
}
