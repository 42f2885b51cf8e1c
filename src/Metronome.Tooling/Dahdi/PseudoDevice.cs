using Metronome.Timing.DahdiAbi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of /dev/dahdi/pseudo: a <see cref="PseudoChannel"/> filled by the ticks. A read with no block
/// ready waits (unless O_NONBLOCK) and is answered by the tick that fills one; writes are accepted and
/// discarded; DAHDI_SET_BLOCKSIZE and DAHDI_GET_BLOCKSIZE; always writable, readable with a block ready.
/// </summary>
internal sealed class PseudoDevice(ulong handle, IFuseChannel notifications) : DahdiDevice(handle, notifications)
{
    private readonly PseudoChannel _channel = new();

    /// <summary>Blocking reads not yet answered, oldest first.</summary>
    private readonly Queue<(FuseReplyTo Reply, uint Size)> _waiting = new();

    public override long LostBlocks => Volatile.Read(ref _lost);

    private long _lost;

    private long _delivered;

    public override long BlocksDelivered => Volatile.Read(ref _delivered);

    protected override uint ReadyEvents =>
        (uint)(LibC.POLLOUT | LibC.POLLWRNORM) | (_channel.ReadyBlocks > 0 ? (uint)(LibC.POLLIN | LibC.POLLRDNORM) : 0);

    protected override void Read(FuseReplyTo reply, uint size, uint fileFlags)
    {
        if (_waiting.Count == 0 && _channel.ReadyBlocks > 0) Answer(reply, size);
        else if (size == 0) FuseReply.Data(reply.Channel, reply.Unique, default);
        else if ((fileFlags & LibC.O_NONBLOCK) != 0) Refuse(reply, LibC.EAGAIN);
        else _waiting.Enqueue((reply, size));
    }

    /// <summary>Accepted and discarded: there is no one to hear it.</summary>
    protected override void Write(FuseReplyTo reply, uint size) => FuseReply.Written(reply.Channel, reply.Unique, size);

    protected override void Ioctl(FuseReplyTo reply, uint command, ReadOnlySpan<byte> input)
    {
        switch (command)
        {
            case DahdiIoctl.SetBlockSize when IntArgument(input) is { } samples:
                if (_channel.TrySetBlockSize(samples)) IoctlDone(reply);
                else Refuse(reply, LibC.EINVAL);
                break;
            case DahdiIoctl.GetBlockSize:
                IoctlAnswer(reply, _channel.BlockSize);
                break;
            default:
                Refuse(reply, LibC.ENOTTY);
                break;
        }
    }

    /// <summary>The block size only: blocks are silence, and those in the buffers refill from the ticks that passed.</summary>
    protected override void Capture(ref DahdiChannelState state)
    {
        state.Kind = DahdiChannelKind.Pseudo;
        state.BlockSize = _channel.BlockSize;
    }

    protected override void Restore(in DahdiChannelState state) => _channel.TrySetBlockSize(state.BlockSize);

    protected override void OnTick(int ticks)
    {
        // One tick at a time, answering waiting reads as blocks fill: after a late wake-up, a reader that
        // has a read waiting is not behind, and must not lose the burst's blocks beyond the two buffers.
        for (int t = 0; t < ticks; t++)
        {
            _channel.OnTick(DahdiWire.ChunkSize);
            while (_waiting.Count > 0 && _channel.ReadyBlocks > 0)
            {
                var (waiting, size) = _waiting.Dequeue();
                Answer(waiting, size);
            }
        }
        Volatile.Write(ref _lost, _channel.LostBlocks);
        if (_channel.ReadyBlocks > 0) Notify();
    }

    protected override void Release()
    {
        while (_waiting.TryDequeue(out var read)) Refuse(read.Reply, LibC.EBADF);
    }

    protected override bool Interrupt(ulong unique)
    {
        if (!_waiting.Any(w => w.Reply.Unique == unique)) return false;
        var interrupted = _waiting.First(w => w.Reply.Unique == unique).Reply;
        var keep = _waiting.Where(w => w.Reply.Unique != unique).ToArray();
        _waiting.Clear();
        foreach (var w in keep) _waiting.Enqueue(w);
        Refuse(interrupted, LibC.EINTR);
        return true;
    }

    /// <summary>Answers a read with the channel's next block, cut to the reader's buffer.</summary>
    private void Answer(FuseReplyTo reply, uint size)
    {
        int bytes = _channel.TryTake((int)size);
        if (bytes > 0) Volatile.Write(ref _delivered, _delivered + 1);
        FuseReply.Data(reply.Channel, reply.Unique, PseudoChannel.SilenceBlock[..bytes]);
    }
}
