using Metronome.Tooling.Dahdi;
using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tests.Fakes;

namespace Metronome.Tests.Dahdi;

/// <summary>The devices as the kernel drives them: requests in through the server, ticks from the tick thread, replies out.</summary>
public class DahdiDeviceHandlerTests
{
    private readonly RecordingChannel _channel = new();
    private readonly DahdiDeviceHandler _files;
    private readonly FuseServer _server;
    private ulong _unique = 100;

    public DahdiDeviceHandlerTests()
    {
        _files = new DahdiDeviceHandler(_channel);
        _server = new FuseServer(_channel, _files, new FuseServerOptions(0, 0, DahdiServerOptions.DefaultFileMode, 0));
    }

    [Fact]
    public void Given_pseudo_When_opened_Then_the_open_is_direct_io_and_nonseekable_with_a_handle_of_its_own()
    {
        ulong first = Open(DahdiDeviceHandler.PseudoId), second = Open(DahdiDeviceHandler.PseudoId);

        Assert.NotEqual(first, second);
        Assert.Equal(FuseProtocol.OpenDirectIo | FuseProtocol.OpenNonSeekable, _channel.Sent[^1].U32(8));
        Assert.Equal(new DahdiStatus(2, 0, 0), _files.Status);
    }

    [Fact]
    public void Given_the_channel_table_full_When_one_more_is_opened_Then_ENFILE_until_one_is_closed()
    {
        ulong first = Open(DahdiDeviceHandler.PseudoId);
        for (int i = 1; i < DahdiDeviceHandler.MaxChannels; i++) Open(i % 2 == 0 ? DahdiDeviceHandler.PseudoId : DahdiDeviceHandler.TimerId);

        Assert.Equal(-LibC.ENFILE, _channel.ReplyTo(Send(FuseRequests.Open(0, DahdiDeviceHandler.TimerId))).Error);
        Send(FuseRequests.Release(0, first));
        Open(DahdiDeviceHandler.TimerId);
        Assert.Equal(DahdiDeviceHandler.MaxChannels, _files.Status.Channels);
    }

    [Fact]
    public void Given_a_blocking_read_When_127_ticks_pass_Then_it_waits_and_the_128th_answers_it_with_1024_bytes_of_silence()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);
        ulong read = Send(FuseRequests.Read(0, fh, 8192));

        for (int i = 0; i < 127; i++) _files.OnTick(1);
        Assert.False(_channel.Answered(read));

        _files.OnTick(1);
        var reply = _channel.ReplyTo(read);
        Assert.Equal(0, reply.Error);
        Assert.Equal(1024, reply.Body.Length);
        Assert.All(reply.Body, b => Assert.Equal(PseudoChannel.Silence, b));
    }

    [Fact]
    public void Given_a_reader_and_a_20_ms_timer_When_1_s_of_ticks_pass_Then_blocks_delivered_and_timer_events_are_counted_for_metrics()
    {
        ulong pseudo = Open(DahdiDeviceHandler.PseudoId);
        ulong timer = Open(DahdiDeviceHandler.TimerId);
        Send(FuseRequests.Ioctl(0, timer, DahdiIoctl.TimerConfig, 160));
        for (int block = 0; block < 7; block++)
        {
            Send(FuseRequests.Read(0, pseudo, 8192));
            for (int i = 0; i < 128; i++) _files.OnTick(1);
        }
        _files.OnTick(104); // a late wake-up brings the rest of the second at once

        Assert.Equal(7, _files.BlocksDelivered);
        Assert.Equal(50, _files.TimerEvents);
    }

    [Fact]
    public void Given_a_late_wake_up_When_it_brings_128_ticks_at_once_Then_the_waiting_read_is_answered()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);
        ulong read = Send(FuseRequests.Read(0, fh, 8192));

        _files.OnTick(128);

        Assert.Equal(1024, _channel.ReplyTo(read).Body.Length);
    }

    [Fact]
    public void Given_a_waiting_read_of_2_ms_blocks_When_a_late_wake_up_brings_6_ticks_at_once_Then_it_is_answered_and_nothing_is_lost()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.SetBlockSize, 16));
        ulong read = Send(FuseRequests.Read(0, fh, 8192));

        _files.OnTick(6); // three blocks: one for the waiting read, two kept

        Assert.Equal(16, _channel.ReplyTo(read).Body.Length);
        Assert.Equal(new DahdiStatus(1, 0, 0), _files.Status);
    }

    [Fact]
    public void Given_a_nonblocking_open_with_nothing_ready_When_read_Then_EAGAIN()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);

        ulong read = Send(FuseRequests.Read(0, fh, 8192, fileFlags: (uint)(LibC.O_RDWR | LibC.O_NONBLOCK)));

        Assert.Equal(-LibC.EAGAIN, _channel.ReplyTo(read).Error);
    }

    [Fact]
    public void Given_a_waiting_read_When_its_caller_is_interrupted_Then_it_ends_with_EINTR_and_the_next_block_is_not_sent_to_it()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);
        ulong read = Send(FuseRequests.Read(0, fh, 8192));

        Send(FuseRequests.Interrupt(0, read));
        _files.OnTick(128);

        Assert.Equal(-LibC.EINTR, _channel.ReplyTo(read).Error);
        Assert.Equal(1, _files.Status.PseudoChannels);
    }

    [Fact]
    public void Given_two_channels_When_one_reads_and_the_other_does_not_Then_only_the_idle_one_loses_blocks()
    {
        ulong reader = Open(DahdiDeviceHandler.PseudoId);
        Open(DahdiDeviceHandler.PseudoId);

        for (int block = 0; block < 5; block++)
        {
            ulong read = Send(FuseRequests.Read(0, reader, 8192));
            _files.OnTick(128);
            Assert.Equal(1024, _channel.ReplyTo(read).Body.Length);
        }

        Assert.Equal(3, _files.Status.LostBlocks); // 5 blocks, 2 kept
    }

    [Fact]
    public void Given_chan_dahdis_block_size_When_set_through_ioctl_Then_get_returns_it_and_a_read_is_160_bytes_after_20_ticks()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);

        ulong set = Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.SetBlockSize, 160));
        ulong get = Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.GetBlockSize, outSize: 4));
        _files.OnTick(20);
        ulong read = Send(FuseRequests.Read(0, fh, 8192));

        Assert.Equal(0, _channel.ReplyTo(set).I32(0));
        Assert.Equal(16 + 4, _channel.ReplyTo(get).Body.Length);
        Assert.Equal(160, _channel.ReplyTo(get).I32(16));
        Assert.Equal(160, _channel.ReplyTo(read).Body.Length);
    }

    [Theory]
    [InlineData(8, -LibC.EINVAL)]
    [InlineData(8193, -LibC.EINVAL)]
    public void Given_a_block_size_out_of_dahdis_range_When_set_Then_EINVAL(int samples, int error)
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);

        Assert.Equal(error, _channel.ReplyTo(Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.SetBlockSize, samples))).Error);
    }

    [Fact]
    public void Given_pseudo_When_written_to_Then_every_byte_is_accepted_and_reads_still_give_silence()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);

        ulong write = Send(FuseRequests.Write(0, fh, new byte[333]));

        Assert.Equal(333u, _channel.ReplyTo(write).U32(0));
    }

    [Fact]
    public void Given_a_timer_of_160_samples_When_20_ticks_pass_Then_getevent_says_expired_and_ack_clears_it()
    {
        ulong fh = Open(DahdiDeviceHandler.TimerId);
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerConfig, 160));

        _files.OnTick(19);
        Assert.Equal(DahdiIoctl.EventNone, Event(fh));
        _files.OnTick(1);
        Assert.Equal(DahdiIoctl.EventTimerExpired, Event(fh));
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerAck, 1));
        Assert.Equal(DahdiIoctl.EventNone, Event(fh));
    }

    [Fact]
    public void Given_a_late_wake_up_of_45_ticks_When_the_period_is_20_ms_Then_two_expirations_are_pending()
    {
        ulong fh = Open(DahdiDeviceHandler.TimerId);
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerConfig, 160));

        _files.OnTick(45);
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerAck, 1));

        Assert.Equal(DahdiIoctl.EventTimerExpired, Event(fh)); // one of the two is still pending
    }

    [Fact]
    public void Given_a_poller_waiting_on_a_timer_When_it_expires_Then_the_kernel_is_notified_once_and_a_new_poll_sees_POLLPRI()
    {
        ulong fh = Open(DahdiDeviceHandler.TimerId);
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerConfig, 160));
        ulong poll = Send(FuseRequests.Poll(0, fh, kernelHandle: 77, schedule: true, events: (uint)LibC.POLLPRI));
        Assert.Equal(0u, _channel.ReplyTo(poll).U32(0));

        _files.OnTick(20);
        _files.OnTick(20);

        var notice = Assert.Single(_channel.Sent, m => m.Unique == 0);
        Assert.Equal(FuseProtocol.NotifyPoll, notice.Error);
        Assert.Equal(77ul, notice.U64(0));
        ulong again = Send(FuseRequests.Poll(0, fh, 77, schedule: true, events: (uint)LibC.POLLPRI));
        Assert.Equal((uint)LibC.POLLPRI, _channel.ReplyTo(again).U32(0));
    }

    [Fact]
    public void Given_a_poller_on_a_timer_When_pinged_Then_it_is_notified_getevent_says_ping_and_pong_clears_it()
    {
        ulong fh = Open(DahdiDeviceHandler.TimerId);
        Send(FuseRequests.Poll(0, fh, 5, schedule: true, events: (uint)LibC.POLLPRI));

        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerPing));

        Assert.Contains(_channel.Sent, m => m.Unique == 0 && m.U64(0) == 5);
        Assert.Equal(DahdiIoctl.EventTimerPing, Event(fh));
        Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.TimerPong));
        Assert.Equal(DahdiIoctl.EventNone, Event(fh));
    }

    [Fact]
    public void Given_pseudo_When_polled_Then_it_is_always_writable_and_readable_once_a_block_is_ready()
    {
        ulong fh = Open(DahdiDeviceHandler.PseudoId);
        uint all = (uint)(LibC.POLLIN | LibC.POLLOUT | LibC.POLLPRI);

        ulong before = Send(FuseRequests.Poll(0, fh, 1, schedule: false, events: all));
        _files.OnTick(128);
        ulong after = Send(FuseRequests.Poll(0, fh, 1, schedule: false, events: all));

        Assert.Equal((uint)LibC.POLLOUT, _channel.ReplyTo(before).U32(0));
        Assert.Equal((uint)(LibC.POLLIN | LibC.POLLOUT), _channel.ReplyTo(after).U32(0));
    }

    [Fact]
    public void Given_ioctls_a_device_does_not_have_When_called_Then_ENOTTY_and_a_timer_cannot_be_read()
    {
        ulong pseudo = Open(DahdiDeviceHandler.PseudoId), timer = Open(DahdiDeviceHandler.TimerId);

        Assert.Equal(-LibC.ENOTTY, _channel.ReplyTo(Send(FuseRequests.Ioctl(0, pseudo, DahdiIoctl.TimerConfig, 160))).Error);
        Assert.Equal(-LibC.ENOTTY, _channel.ReplyTo(Send(FuseRequests.Ioctl(0, timer, DahdiIoctl.SetBlockSize, 160))).Error);
        Assert.Equal(-LibC.EINVAL, _channel.ReplyTo(Send(FuseRequests.Read(0, timer, 8))).Error);
    }

    [Fact]
    public void Given_open_channels_When_released_Then_they_stop_counting_and_their_lost_blocks_are_kept()
    {
        ulong pseudo = Open(DahdiDeviceHandler.PseudoId), timer = Open(DahdiDeviceHandler.TimerId);
        _files.OnTick(1024); // 8 blocks, 2 kept: 6 lost

        Send(FuseRequests.Release(0, pseudo));
        Send(FuseRequests.Release(0, timer));

        Assert.Equal(new DahdiStatus(0, 0, 6), _files.Status);
        Assert.Equal(-LibC.EBADF, _channel.ReplyTo(Send(FuseRequests.Read(0, pseudo, 8192))).Error);
    }

    private ulong Open(ulong nodeId)
    {
        ulong unique = Send(FuseRequests.Open(0, nodeId));
        var reply = _channel.ReplyTo(unique);
        Assert.Equal(0, reply.Error);
        return reply.U64(0);
    }

    private int Event(ulong fh) => _channel.ReplyTo(Send(FuseRequests.Ioctl(0, fh, DahdiIoctl.GetEvent, outSize: 4))).I32(16);

    /// <summary>Sends a request with the next unique number (the one given is replaced) and returns that number.</summary>
    private ulong Send(byte[] request)
    {
        ulong unique = ++_unique;
        BitConverter.TryWriteBytes(request.AsSpan(8, 8), unique);
        _server.Handle(request);
        return unique;
    }
}
