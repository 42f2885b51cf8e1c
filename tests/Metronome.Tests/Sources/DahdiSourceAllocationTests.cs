using Metronome.Timing.Sources;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Sources;

public class DahdiSourceAllocationTests
{
    [Fact]
    public void Given_a_device_that_drops_blocks_When_5000_ticks_are_read_Then_the_lost_ones_are_counted_and_nothing_is_allocated()
    {
        var clock = new ScriptedClock(Scripted.Origin);
        var device = new DroppingPseudoFile(clock, periodNs: 2_000_000, dropEvery: 100);
        using var source = new DahdiSource(device, blockSamples: 16, clock);
        source.Start(clock.Now);
        long ticks = 0;
        for (int i = 0; i < 500; i++) ticks += source.WaitTick(); // first-time paths outside the measured window

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++) ticks += source.WaitTick();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.InRange(device.Dropped, 50, 60);
        Assert.Equal(5500 + device.Dropped, ticks);
    }
}
