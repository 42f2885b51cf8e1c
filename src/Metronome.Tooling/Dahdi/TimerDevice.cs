using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of /dev/dahdi/timer: a <see cref="TimerChannel"/> driven by its ioctls and the ticks. It has
/// no read or write (EINVAL, as the kernel's); poll says POLLPRI while an expiration or a ping is pending.
/// </summary>
internal sealed class TimerDevice(ulong handle, IFuseChannel notifications) : DahdiDevice(handle, notifications)
{
    private readonly TimerChannel _timer = new();

    protected override uint ReadyEvents => _timer.PollPriority ? (uint)LibC.POLLPRI : 0;

    protected override void Read(FuseReplyTo reply, uint size, uint fileFlags) => Refuse(reply, LibC.EINVAL);

    protected override void Write(FuseReplyTo reply, uint size) => Refuse(reply, LibC.EINVAL);

    protected override void Ioctl(FuseReplyTo reply, uint command, ReadOnlySpan<byte> input)
    {
        switch (command)
        {
            case DahdiIoctl.TimerConfig when IntArgument(input) is { } samples:
                _timer.Configure(samples);
                IoctlDone(reply);
                break;
            case DahdiIoctl.TimerAck when IntArgument(input) is { } count:
                _timer.Ack(count);
                IoctlDone(reply);
                break;
            case DahdiIoctl.GetEvent:
                IoctlAnswer(reply, _timer.GetEvent());
                break;
            case DahdiIoctl.TimerPing:
                _timer.Ping();
                IoctlDone(reply);
                Notify();
                break;
            case DahdiIoctl.TimerPong:
                _timer.Pong();
                IoctlDone(reply);
                break;
            default:
                Refuse(reply, LibC.ENOTTY);
                break;
        }
    }

    private long _events;

    public override long TimerEvents => Volatile.Read(ref _events);

    protected override void Capture(ref DahdiChannelState state)
    {
        state.Kind = DahdiChannelKind.Timer;
        state.PeriodSamples = _timer.PeriodSamples;
        state.PositionSamples = _timer.PositionSamples;
        state.Tripped = _timer.Tripped;
        state.Ping = _timer.Pinged ? 1 : 0;
    }

    protected override void Restore(in DahdiChannelState state) =>
        _timer.Restore(state.PeriodSamples, state.PositionSamples, state.Tripped, state.Ping != 0);

    protected override void OnTick(int ticks)
    {
        // One tick at a time: a catch-up of several ticks can expire a short period more than once.
        int before = _timer.Tripped;
        for (int t = 0; t < ticks; t++) _timer.OnTick();
        Volatile.Write(ref _events, _events + _timer.Tripped - before);
        if (_timer.PollPriority) Notify();
    }
}
