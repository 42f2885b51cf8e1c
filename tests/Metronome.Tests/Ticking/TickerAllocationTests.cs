using Metronome.Timing.Sources;
using Metronome.Tests.Fakes;
using Metronome.Timing;

namespace Metronome.Tests.Ticking;

/// <summary>Measured process-wide for the asynchronous consumer, so nothing else may run meanwhile.</summary>
[CollectionDefinition(nameof(TickerAllocationTests), DisableParallelization = true)]
public sealed class TickerAllocationGroup;

[Collection(nameof(TickerAllocationTests))]
public class TickerAllocationTests
{
    private const long Origin = 1_000_000_000;
    private const long Ms = 1_000_000;
    private const int Ticks = 5000;

    [Fact]
    public void Given_5000_ticks_When_a_blocking_consumer_takes_each_Then_neither_thread_allocates()
    {
        var clock = new ScriptedClock(Origin);
        var source = new SteppedSource(clock);
        using var ticker = Ticker.Start(new TickerOptions(), (_, c) => TickGroup.One(source, clock: c), (_, c) => TickGroup.One(source, clock: c), clock);
        for (int k = 1; k <= 100; k++)
        {
            source.Step(Origin + k * Ms);
            ticker.WaitNext();
        }

        // Per thread, the runtime may still do one-off work in a window (a CI run once saw 7592 B on the
        // consumer, in one window of 5000 ticks): the quietest of three windows is taken. A per-tick
        // allocation (>= 24 B x 5000) shows in every window, on whichever thread makes it.
        var windows = new List<string>();
        long quietest = long.MaxValue;
        long last = 0;
        int next = 101;
        for (int w = 0; w < 3 && quietest > 0; w++)
        {
            long tickThreadBefore = source.TickThreadAllocated;
            long consumerBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int k = next; k < next + Ticks; k++)
            {
                source.Step(Origin + k * Ms);
                last = ticker.WaitNext().Index;
            }
            next += Ticks;
            long consumerAllocated = GC.GetAllocatedBytesForCurrentThread() - consumerBefore;
            long tickThreadAllocated = source.TickThreadAllocated - tickThreadBefore;
            windows.Add($"consumer {consumerAllocated} B, tick thread {tickThreadAllocated} B");
            quietest = Math.Min(quietest, consumerAllocated + tickThreadAllocated);
        }

        Assert.Equal(next - 1, last);
        Assert.True(quietest == 0, $"every window of {Ticks} ticks allocated: {string.Join("; ", windows)}");
        ticker.Dispose();
        source.Unblock(Origin + next * Ms);
    }

    [Fact]
    public async Task Given_5000_ticks_When_an_async_consumer_awaits_each_Then_the_process_allocates_nothing_per_tick()
    {
        var clock = new ScriptedClock(Origin);
        var source = new SteppedSource(clock);
        var ticker = Ticker.Start(new TickerOptions(), (_, c) => TickGroup.One(source, clock: c), (_, c) => TickGroup.One(source, clock: c), clock);
        long received = 0;
        // Off the test's synchronisation context (xunit installs one): continuations posted to a context
        // allocate a work item each, which is the context's cost, not the ticker's. docs/library.md says so.
        var consumer = Task.Run(() => Consume(ticker, () => Interlocked.Increment(ref received)));
        // A long warm-up: the thread pool settles its worker threads (a new one costs tens of KB) first.
        const int warmUp = 3000;
        for (int k = 1; k <= warmUp; k++) StepAndAwait(source, k, ref received);

        // Process-wide, the runtime may do one-off work in any window (a thread-pool thread started on a
        // busy machine costs tens of KB): the quietest of three windows is taken. A per-tick allocation
        // (>= 24 B x 5000) shows in every window.
        var windows = new List<string>();
        long quietest = long.MaxValue;
        int next = warmUp + 1;
        for (int w = 0; w < 3 && quietest >= 4096; w++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long tickThreadBefore = source.TickThreadAllocated;
            for (int k = next; k < next + Ticks; k++) StepAndAwait(source, k, ref received);
            next += Ticks;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            windows.Add($"{allocated} B (tick thread {source.TickThreadAllocated - tickThreadBefore})");
            quietest = Math.Min(quietest, allocated);
        }

        ticker.Dispose();
        await consumer.WaitAsync(TimeSpan.FromSeconds(5));
        source.Unblock(Origin + next * Ms);
        Assert.Equal(next - 1, Interlocked.Read(ref received));
        // Per tick: nothing. A few hundred bytes in all leave room for the runtime's own one-off work.
        Assert.True(quietest < 4096, $"every window of {Ticks} ticks allocated: {string.Join(", ", windows)}");
    }

    private static async Task Consume(Ticker ticker, Action onTick)
    {
        await foreach (var _ in ticker.ConfigureAwait(false)) onTick();
    }

    private static void StepAndAwait(SteppedSource source, int k, ref long received)
    {
        source.Step(Origin + k * Ms);
        var spin = default(SpinWait);
        while (Interlocked.Read(ref received) < k) spin.SpinOnce(sleep1Threshold: -1);
    }
}
