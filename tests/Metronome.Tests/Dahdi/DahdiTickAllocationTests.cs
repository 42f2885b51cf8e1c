using Metronome.Tooling.Dahdi;
using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Dahdi;

public class DahdiTickAllocationTests
{
    [Fact]
    public void Given_readers_timers_and_pollers_When_5000_ticks_serve_them_Then_the_tick_path_allocates_nothing()
    {
        var channel = new CountingChannel();
        var files = new DahdiDeviceHandler(channel);
        var server = new FuseServer(channel, files, new FuseServerOptions(0, 0, DahdiServerOptions.DefaultFileMode, 0));
        server.Handle(FuseRequests.Open(1, DahdiDeviceHandler.PseudoId));   // handle 1
        server.Handle(FuseRequests.Open(2, DahdiDeviceHandler.TimerId));    // handle 2
        server.Handle(FuseRequests.Ioctl(3, 2, DahdiIoctl.TimerConfig, 160));
        var reads = Enumerable.Range(0, 80).Select(i => FuseRequests.Read((ulong)(1000 + i), 1, 8192)).ToArray();
        var polls = Enumerable.Range(0, 500).Select(i => FuseRequests.Poll((ulong)(5000 + i), 2, 9, true, (uint)LibC.POLLPRI)).ToArray();
        // Warm up: every path the measured ticks take, taken once.
        server.Handle(reads[0]);
        server.Handle(polls[0]);
        for (int t = 0; t < 128; t++) files.OnTick(1);
        for (int i = 1; i < reads.Length; i++) server.Handle(reads[i]); // queued; the queue grows now, not on a tick
        for (int i = 1; i < polls.Length; i++) server.Handle(polls[i]);
        long messages = channel.Messages;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 5000; t++) files.OnTick(t % 10 == 0 ? 2 : 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(channel.Messages - messages >= 40, $"only {channel.Messages - messages} replies went out");
        Assert.Equal(0, allocated);
    }
}
