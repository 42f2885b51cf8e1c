using Metronome.Tooling.Measuring;

namespace Metronome.Tests.Measuring;

public class PassSignalTests
{
    [Fact]
    public void Given_two_passes_signalled_When_a_reader_takes_them_Then_it_gets_each_once_and_then_times_out()
    {
        using var signal = new PassSignal();
        signal.Raise();
        signal.Raise();

        Assert.True(signal.Wait(TimeSpan.Zero));
        Assert.True(signal.Wait(TimeSpan.FromSeconds(5)));
        Assert.False(signal.Wait(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Given_a_reader_waiting_When_a_pass_is_signalled_from_another_thread_Then_it_wakes()
    {
        using var signal = new PassSignal();
        var tick = new Thread(() =>
        {
            Thread.Sleep(50);
            signal.Raise();
        });
        tick.Start();

        Assert.True(signal.Wait(TimeSpan.FromSeconds(30)));
        tick.Join();
    }

    [Fact]
    public void Given_the_tick_thread_When_it_signals_5000_passes_Then_it_allocates_nothing()
    {
        using var signal = new PassSignal();
        signal.Raise(); // first-time paths (the P/Invoke binds) outside the measured window
        Assert.True(signal.Wait(TimeSpan.Zero));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++) signal.Raise();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        int taken = 0;
        while (signal.Wait(TimeSpan.Zero)) taken++;
        Assert.Equal(5000, taken);
    }
}
