using System.Buffers.Binary;
using Metronome.Tooling.Fuse;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of a DAHDI device file: what its reads, writes, ioctls, polls and ticks do. Every request
/// is answered exactly once, now or (a read waiting for its block) from a later tick. Called under the
/// handler's lock; the tick path allocates nothing.
/// </summary>
internal abstract class DahdiDevice(ulong handle, IFuseChannel channel)
{
    public ulong Handle { get; } = handle;

    protected IFuseChannel Channel { get; } = channel;

    /// <summary>The kernel's handle for a poll waiting on this file, until it is notified.</summary>
    public ulong? PollHandle { get; set; }

    /// <summary>Blocks a slow reader lost (pseudo only).</summary>
    public virtual long LostBlocks => 0;

    /// <summary>Blocks handed to this open's reader (pseudo), for metrics.</summary>
    public virtual long BlocksDelivered => 0;

    /// <summary>Timer expirations this open raised (timer), for metrics.</summary>
    public virtual long TimerEvents => 0;

    /// <summary>The poll events ready now.</summary>
    public abstract uint ReadyEvents { get; }

    /// <param name="fileFlags">The open file's flags now (O_NONBLOCK may have been set since open).</param>
    public abstract void Read(ulong unique, uint size, uint fileFlags);

    public abstract void Write(ulong unique, uint size);

    public abstract void Ioctl(ulong unique, uint command, ReadOnlySpan<byte> input);

    /// <summary>The tick thread: <paramref name="ticks"/> 1 ms ticks have passed (more than 1 after a late wake-up).</summary>
    public abstract void OnTick(int ticks);

    /// <summary>The file is closed: requests still waiting end here.</summary>
    public virtual void Release() { }

    /// <summary>Ends request <paramref name="unique"/> with EINTR if it is waiting here; false if it is not.</summary>
    public virtual bool Interrupt(ulong unique) => false;

    /// <summary>Wakes the poll waiting on this file, if any: once per poll, as the kernel re-polls.</summary>
    protected void Notify()
    {
        if (PollHandle is not { } kernelHandle) return;
        PollHandle = null;
        FuseReply.NotifyPoll(Channel, kernelHandle);
    }

    protected void Refuse(ulong unique, int errno) => FuseReply.Error(Channel, unique, errno);

    /// <summary>An ioctl done, with nothing to copy back.</summary>
    protected void IoctlDone(ulong unique) => FuseReply.Ioctl(Channel, unique, 0, default);

    /// <summary>An ioctl that answers one int (_IOR(…, int)).</summary>
    protected void IoctlAnswer(ulong unique, int value)
    {
        Span<byte> output = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(output, value);
        FuseReply.Ioctl(Channel, unique, 0, output);
    }

    /// <summary>The int an _IOW(…, int) ioctl carries, or null when the input is not one int.</summary>
    protected static int? IntArgument(ReadOnlySpan<byte> input) =>
        input.Length == sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(input) : null;
}
