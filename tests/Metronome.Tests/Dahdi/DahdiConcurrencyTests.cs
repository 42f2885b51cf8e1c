using Metronome.Tests.Fakes;
using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Dahdi;

/// <summary>
/// The devices under several request threads and the tick thread at once: the tick never waits for a
/// request, and every request is answered exactly once with DAHDI's event order.
/// </summary>
public class DahdiConcurrencyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Given_a_request_thread_held_mid_reply_inside_a_timer_When_the_tick_thread_ticks_Then_the_tick_returns_and_the_request_applies_the_ticks_as_it_leaves()
    {
        var recorded = new RecordingChannel();
        using var stalling = new StallingChannel(recorded, stallOn: 50);
        var files = new DahdiDeviceHandler(recorded);
        var server = new FuseServer(recorded, files, new FuseServerOptions(0, 0, DahdiServerOptions.DefaultFileMode, 0));
        server.Handle(FuseRequests.Open(1, DahdiDeviceHandler.TimerId));
        ulong fh = recorded.ReplyTo(1).U64(0);
        server.Handle(FuseRequests.Ioctl(2, fh, DahdiIoctl.TimerConfig, 160)); // 20 ms
        var held = new Thread(() => server.Handle(stalling, FuseRequests.Ioctl(50, fh, DahdiIoctl.TimerPing)));
        held.Start();
        Assert.True(stalling.Stalled.Wait(Patience), "the request never reached its reply");

        using var ticked = new ManualResetEventSlim(false);
        var tick = new Thread(() => { files.OnTick(20); ticked.Set(); });
        tick.Start();
        bool tickReturned = ticked.Wait(Patience);
        stalling.Release();
        held.Join();
        tick.Join();

        Assert.True(tickReturned, "the tick waited for the request");
        Assert.Equal(DahdiIoctl.EventTimerPing, Event(server, recorded, 60, fh)); // a ping is reported ahead of an expiration
        server.Handle(FuseRequests.Ioctl(61, fh, DahdiIoctl.TimerPong));
        Assert.Equal(DahdiIoctl.EventTimerExpired, Event(server, recorded, 62, fh));
    }

    [Fact]
    public void Given_many_timer_channels_served_by_four_threads_while_ticking_When_each_pings_polls_gets_its_event_and_pongs_Then_every_request_is_answered_once_in_order()
    {
        const int Channels = 64, RoundTrips = 200, Threads = 4;
        var recorded = new RecordingChannel();
        var files = new DahdiDeviceHandler(recorded);
        var server = new FuseServer(recorded, files, new FuseServerOptions(0, 0, DahdiServerOptions.DefaultFileMode, 0));
        var handles = new ulong[Channels];
        for (int c = 0; c < Channels; c++)
        {
            server.Handle(FuseRequests.Open((ulong)(c + 1), DahdiDeviceHandler.TimerId));
            handles[c] = recorded.ReplyTo((ulong)(c + 1)).U64(0);
        }
        int stopTicking = 0;
        var ticker = new Thread(() => { while (Volatile.Read(ref stopTicking) == 0) files.OnTick(1); });
        ticker.Start();
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            // Each thread drives its own channels, as each Asterisk channel thread drives its own timer.
            for (int round = 0; round < RoundTrips; round++)
            for (int c = t; c < Channels; c += Threads)
            {
                ulong unique = (ulong)(1_000_000 + ((t * RoundTrips + round) * Channels + c) * 10);
                server.Handle(FuseRequests.Ioctl(unique, handles[c], DahdiIoctl.TimerPing));
                server.Handle(FuseRequests.Poll(unique + 1, handles[c], 0, false, 0x2));
                server.Handle(FuseRequests.Ioctl(unique + 2, handles[c], DahdiIoctl.GetEvent, outSize: 4));
                server.Handle(FuseRequests.Ioctl(unique + 3, handles[c], DahdiIoctl.TimerPong));
                server.Handle(FuseRequests.Ioctl(unique + 4, handles[c], DahdiIoctl.GetEvent, outSize: 4));
                Check(recorded, unique, wrong);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Volatile.Write(ref stopTicking, 1);
        ticker.Join();

        Assert.Empty(wrong);
        Assert.Equal(Channels + Channels * RoundTrips * 5, recorded.Sent.Count);
        Assert.Equal(Channels * RoundTrips * 5 + Channels, recorded.Sent.Select(m => m.Unique).Distinct().Count());
    }

    private static void Check(RecordingChannel recorded, ulong unique, System.Collections.Concurrent.ConcurrentBag<string> wrong)
    {
        RecordingChannel.Message[] replies;
        lock (recorded.Sent) replies = [.. recorded.Sent.Where(m => m.Unique >= unique && m.Unique <= unique + 4).OrderBy(m => m.Unique)];
        if (replies.Length != 5 || replies.Any(r => r.Error != 0)) { wrong.Add($"{unique}: {replies.Length} replies"); return; }
        if ((replies[1].U32(0) & 0x2) == 0) wrong.Add($"{unique}: poll without POLLPRI after a ping");
        if (replies[2].I32(16) != DahdiIoctl.EventTimerPing) wrong.Add($"{unique}: event {replies[2].I32(16)} after a ping");
        if (replies[4].I32(16) != DahdiIoctl.EventNone) wrong.Add($"{unique}: event {replies[4].I32(16)} after the pong");
    }

    private static int Event(FuseServer server, RecordingChannel recorded, ulong unique, ulong fh)
    {
        server.Handle(FuseRequests.Ioctl(unique, fh, DahdiIoctl.GetEvent, outSize: 4));
        return recorded.ReplyTo(unique).I32(16);
    }
}
