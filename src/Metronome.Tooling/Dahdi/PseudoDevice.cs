using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of /dev/dahdi/pseudo: a <see cref="PseudoChannel"/> filled by the ticks. A read with no block
/// ready waits (unless O_NONBLOCK) and is answered by the tick that fills one; writes are accepted and
/// discarded; DAHDI_SET_BLOCKSIZE and DAHDI_GET_BLOCKSIZE; always writable, readable with a block ready.
/// </summary>
internal sealed class PseudoDevice(ulong handle, IFuseChannel channel) : DahdiDevice(handle, channel)
{
    private readonly PseudoChannel _channel = new();

    /// <summary>Blocking reads not yet answered, oldest first.</summary>
    private readonly Queue<(ulong Unique, uint Size)> _waiting = new();

    public override long LostBlocks => _channel.LostBlocks;

    private long _delivered;

    public override long BlocksDelivered => _delivered;

    public override uint ReadyEvents =>
        (uint)(LibC.POLLOUT | LibC.POLLWRNORM) | (_channel.ReadyBlocks > 0 ? (uint)(LibC.POLLIN | LibC.POLLRDNORM) : 0);

    public override void Read(ulong unique, uint size, uint fileFlags)
    {
        if (_waiting.Count == 0 && _channel.ReadyBlocks > 0) Answer(unique, size);
        else if (size == 0) FuseReply.Data(Channel, unique, default);
        else if ((fileFlags & LibC.O_NONBLOCK) != 0) Refuse(unique, LibC.EAGAIN);
        else _waiting.Enqueue((unique, size));
    }

    /// <summary>Accepted and discarded: there is no one to hear it.</summary>
    public override void Write(ulong unique, uint size) => FuseReply.Written(Channel, unique, size);

    public override void Ioctl(ulong unique, uint command, ReadOnlySpan<byte> input)
    {
        switch (command)
        {
            case DahdiIoctl.SetBlockSize when IntArgument(input) is { } samples:
                if (_channel.TrySetBlockSize(samples)) IoctlDone(unique);
                else Refuse(unique, LibC.EINVAL);
                break;
            case DahdiIoctl.GetBlockSize:
                IoctlAnswer(unique, _channel.BlockSize);
                break;
            default:
                Refuse(unique, LibC.ENOTTY);
                break;
        }
    }

    public override void OnTick(int ticks)
    {
        // One tick at a time, answering waiting reads as blocks fill: after a late wake-up, a reader that
        // has a read waiting is not behind, and must not lose the burst's blocks beyond the two buffers.
        for (int t = 0; t < ticks; t++)
        {
            _channel.OnTick(DahdiWire.ChunkSize);
            while (_waiting.Count > 0 && _channel.ReadyBlocks > 0)
            {
                var (unique, size) = _waiting.Dequeue();
                Answer(unique, size);
            }
        }
        if (_channel.ReadyBlocks > 0) Notify();
    }

    public override void Release()
    {
        while (_waiting.TryDequeue(out var read)) Refuse(read.Unique, LibC.EBADF);
    }

    public override bool Interrupt(ulong unique)
    {
        if (!_waiting.Any(w => w.Unique == unique)) return false;
        var keep = _waiting.Where(w => w.Unique != unique).ToArray();
        _waiting.Clear();
        foreach (var w in keep) _waiting.Enqueue(w);
        Refuse(unique, LibC.EINTR);
        return true;
    }

    /// <summary>Answers a read with the channel's next block, cut to the reader's buffer.</summary>
    private void Answer(ulong unique, uint size)
    {
        int bytes = _channel.TryTake((int)size);
        if (bytes > 0) _delivered++;
        FuseReply.Data(Channel, unique, PseudoChannel.SilenceBlock[..bytes]);
    }
}
