using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of /dev/dahdi/timer: a <see cref="TimerChannel"/> driven by its ioctls and the ticks. It has
/// no read or write (EINVAL, as the kernel's); poll says POLLPRI while an expiration or a ping is pending.
/// </summary>
internal sealed class TimerDevice(ulong handle, IFuseChannel channel) : DahdiDevice(handle, channel)
{
    private readonly TimerChannel _timer = new();

    public override uint ReadyEvents => _timer.PollPriority ? (uint)LibC.POLLPRI : 0;

    public override void Read(ulong unique, uint size, uint fileFlags) => Refuse(unique, LibC.EINVAL);

    public override void Write(ulong unique, uint size) => Refuse(unique, LibC.EINVAL);

    public override void Ioctl(ulong unique, uint command, ReadOnlySpan<byte> input)
    {
        switch (command)
        {
            case DahdiIoctl.TimerConfig when IntArgument(input) is { } samples:
                _timer.Configure(samples);
                IoctlDone(unique);
                break;
            case DahdiIoctl.TimerAck when IntArgument(input) is { } count:
                _timer.Ack(count);
                IoctlDone(unique);
                break;
            case DahdiIoctl.GetEvent:
                IoctlAnswer(unique, _timer.GetEvent());
                break;
            case DahdiIoctl.TimerPing:
                _timer.Ping();
                IoctlDone(unique);
                Notify();
                break;
            case DahdiIoctl.TimerPong:
                _timer.Pong();
                IoctlDone(unique);
                break;
            default:
                Refuse(unique, LibC.ENOTTY);
                break;
        }
    }

    private long _events;

    public override long TimerEvents => _events;

    public override void OnTick(int ticks)
    {
        // One tick at a time: a catch-up of several ticks can expire a short period more than once.
        int before = _timer.Tripped;
        for (int t = 0; t < ticks; t++) _timer.OnTick();
        _events += _timer.Tripped - before;
        if (_timer.PollPriority) Notify();
    }
}
