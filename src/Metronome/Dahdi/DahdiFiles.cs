using System.Buffers.Binary;
using Metronome.Fuse;
using Metronome.Linux;

namespace Metronome.Dahdi;

/// <summary>
/// /dev/dahdi/pseudo and /dev/dahdi/timer behind FUSE: every open is a channel of its own; a pseudo read
/// with no block ready waits, and is answered from the tick thread when one fills; poll waiters are
/// notified when a channel becomes ready. Requests and ticks meet under one lock; the tick path
/// allocates nothing.
/// </summary>
public sealed class DahdiFiles(IFuseChannel channel) : IFuseFileHandler
{
    public const ulong PseudoId = 2;
    public const ulong TimerId = 3;

    /// <summary>
    /// Open channels at most, as DAHDI's channel table is bounded: the files are world-writable, and
    /// every channel costs the tick thread a little each millisecond.
    /// </summary>
    public const int MaxChannels = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, OpenFile> _byHandle = [];
    private readonly List<OpenFile> _open = [];
    private ulong _nextHandle = 1;
    private long _lostInClosed;
    private long _blocksDelivered;
    private long _timerEvents;

    /// <summary>Blocks handed to pseudo readers since the start (for metrics).</summary>
    public long BlocksDelivered => Volatile.Read(ref _blocksDelivered);

    /// <summary>Timer expirations (TIMER_EXPIRED events raised) since the start (for metrics).</summary>
    public long TimerEvents => Volatile.Read(ref _timerEvents);

    public IReadOnlyList<FuseFile> Files { get; } = [new("pseudo", PseudoId), new("timer", TimerId)];

    public DahdiStatus Status
    {
        get
        {
            lock (_lock)
            {
                int pseudo = 0;
                long lost = _lostInClosed;
                foreach (var file in _open)
                {
                    if (file is not PseudoFile p) continue;
                    pseudo++;
                    lost += p.Channel.LostBlocks;
                }
                return new DahdiStatus(pseudo, _open.Count - pseudo, lost);
            }
        }
    }

    /// <summary>Called by the tick thread: <paramref name="ticks"/> 1 ms ticks have passed (more than 1 after a late wake-up).</summary>
    public void OnTick(int ticks)
    {
        lock (_lock)
        {
            for (int i = 0; i < _open.Count; i++)
            {
                if (_open[i] is PseudoFile pseudo) TickPseudo(pseudo, ticks);
                else TickTimer((TimerFile)_open[i], ticks);
            }
        }
    }

    private void TickPseudo(PseudoFile file, int ticks)
    {
        // One tick at a time, answering waiting reads as blocks fill: after a late wake-up, a reader that
        // has a read waiting is not behind, and must not lose the burst's blocks beyond the two buffers.
        for (int t = 0; t < ticks; t++)
        {
            file.Channel.OnTick(DahdiIoctl.ChunkSize);
            while (file.Waiting.Count > 0 && file.Channel.ReadyBlocks > 0)
            {
                var (unique, size) = file.Waiting.Dequeue();
                AnswerRead(file, unique, size);
            }
        }
        if (file.Channel.ReadyBlocks > 0) Notify(file);
    }

    /// <summary>Answers a read with the channel's next block, cut to the reader's buffer.</summary>
    private void AnswerRead(PseudoFile file, ulong unique, uint size)
    {
        int bytes = file.Channel.TryTake((int)size);
        if (bytes > 0) Volatile.Write(ref _blocksDelivered, _blocksDelivered + 1);
        FuseReply.Data(channel, unique, PseudoChannel.SilenceBlock[..bytes]);
    }

    private void TickTimer(TimerFile file, int ticks)
    {
        // One tick at a time: a catch-up of several ticks can expire a short period more than once.
        int before = file.Channel.Tripped;
        for (int t = 0; t < ticks; t++) file.Channel.OnTick();
        if (file.Channel.Tripped > before) Volatile.Write(ref _timerEvents, _timerEvents + file.Channel.Tripped - before);
        if (file.Channel.PollPriority) Notify(file);
    }

    private void Notify(OpenFile file)
    {
        if (file.PollHandle is not { } kernelHandle) return;
        file.PollHandle = null;
        FuseReply.NotifyPoll(channel, kernelHandle);
    }

    public void Open(ulong unique, ulong nodeId, uint openFlags)
    {
        lock (_lock)
        {
            OpenFile? file = nodeId switch
            {
                PseudoId => new PseudoFile(_nextHandle),
                TimerId => new TimerFile(_nextHandle),
                _ => null,
            };
            if (file is null || _open.Count >= MaxChannels)
            {
                FuseReply.Error(channel, unique, file is null ? LibC.ENOENT : LibC.ENFILE);
                return;
            }
            _nextHandle++;
            _byHandle.Add(file.Handle, file);
            _open.Add(file);
            FuseReply.Open(channel, unique, file.Handle, FuseProtocol.OpenDirectIo | FuseProtocol.OpenNonSeekable);
        }
    }

    public void Read(ulong unique, ulong handle, uint size, uint fileFlags)
    {
        lock (_lock)
        {
            switch (Find(handle))
            {
                case PseudoFile pseudo when pseudo.Waiting.Count == 0 && pseudo.Channel.ReadyBlocks > 0:
                    AnswerRead(pseudo, unique, size);
                    break;
                case PseudoFile when size == 0:
                    FuseReply.Data(channel, unique, default);
                    break;
                case PseudoFile when (fileFlags & LibC.O_NONBLOCK) != 0:
                    FuseReply.Error(channel, unique, LibC.EAGAIN);
                    break;
                case PseudoFile pseudo:
                    pseudo.Waiting.Enqueue((unique, size));
                    break;
                case TimerFile:
                    FuseReply.Error(channel, unique, LibC.EINVAL); // the kernel's timer has no read either
                    break;
                default:
                    FuseReply.Error(channel, unique, LibC.EBADF);
                    break;
            }
        }
    }

    public void Write(ulong unique, ulong handle, uint size)
    {
        lock (_lock)
        {
            switch (Find(handle))
            {
                case PseudoFile:
                    FuseReply.Written(channel, unique, size); // accepted and discarded: there is no one to hear it
                    break;
                case TimerFile:
                    FuseReply.Error(channel, unique, LibC.EINVAL);
                    break;
                default:
                    FuseReply.Error(channel, unique, LibC.EBADF);
                    break;
            }
        }
    }

    public void Ioctl(ulong unique, ulong handle, uint command, ReadOnlySpan<byte> input, uint outputSize)
    {
        lock (_lock)
        {
            switch (Find(handle))
            {
                case PseudoFile pseudo:
                    PseudoIoctl(unique, pseudo, command, input);
                    break;
                case TimerFile timer:
                    TimerIoctl(unique, timer, command, input);
                    break;
                default:
                    FuseReply.Error(channel, unique, LibC.EBADF);
                    break;
            }
        }
    }

    private void PseudoIoctl(ulong unique, PseudoFile file, uint command, ReadOnlySpan<byte> input)
    {
        switch (command)
        {
            case DahdiIoctl.SetBlockSize when input.Length == sizeof(int):
                if (file.Channel.TrySetBlockSize(BinaryPrimitives.ReadInt32LittleEndian(input))) Done(unique);
                else FuseReply.Error(channel, unique, LibC.EINVAL);
                break;
            case DahdiIoctl.GetBlockSize:
                Answer(unique, file.Channel.BlockSize);
                break;
            default:
                FuseReply.Error(channel, unique, LibC.ENOTTY);
                break;
        }
    }

    private void TimerIoctl(ulong unique, TimerFile file, uint command, ReadOnlySpan<byte> input)
    {
        var timer = file.Channel;
        switch (command)
        {
            case DahdiIoctl.TimerConfig when input.Length == sizeof(int):
                timer.Configure(BinaryPrimitives.ReadInt32LittleEndian(input));
                Done(unique);
                break;
            case DahdiIoctl.TimerAck when input.Length == sizeof(int):
                timer.Ack(BinaryPrimitives.ReadInt32LittleEndian(input));
                Done(unique);
                break;
            case DahdiIoctl.GetEvent:
                Answer(unique, timer.GetEvent());
                break;
            case DahdiIoctl.TimerPing:
                timer.Ping();
                Done(unique);
                Notify(file);
                break;
            case DahdiIoctl.TimerPong:
                timer.Pong();
                Done(unique);
                break;
            default:
                FuseReply.Error(channel, unique, LibC.ENOTTY);
                break;
        }
    }

    private void Done(ulong unique) => FuseReply.Ioctl(channel, unique, 0, default);

    private void Answer(ulong unique, int value)
    {
        Span<byte> output = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(output, value);
        FuseReply.Ioctl(channel, unique, 0, output);
    }

    public void Poll(ulong unique, ulong handle, ulong kernelHandle, bool scheduleNotify, uint events)
    {
        lock (_lock)
        {
            var file = Find(handle);
            uint ready = file switch
            {
                PseudoFile p => (uint)(LibC.POLLOUT | LibC.POLLWRNORM)
                                | (p.Channel.ReadyBlocks > 0 ? (uint)(LibC.POLLIN | LibC.POLLRDNORM) : 0),
                TimerFile t => t.Channel.PollPriority ? (uint)LibC.POLLPRI : 0,
                _ => (uint)LibC.POLLERR,
            };
            if (file is not null && scheduleNotify) file.PollHandle = kernelHandle;
            FuseReply.Poll(channel, unique, ready & (events | (uint)(LibC.POLLERR | LibC.POLLHUP)));
        }
    }

    public void Release(ulong unique, ulong handle)
    {
        lock (_lock)
        {
            if (_byHandle.Remove(handle, out var file))
            {
                _open.Remove(file);
                if (file is PseudoFile pseudo)
                {
                    _lostInClosed += pseudo.Channel.LostBlocks;
                    while (pseudo.Waiting.TryDequeue(out var read)) FuseReply.Error(channel, read.Unique, LibC.EBADF);
                }
            }
            FuseReply.Empty(channel, unique);
        }
    }

    public void Interrupt(ulong interruptedUnique)
    {
        lock (_lock)
        {
            foreach (var file in _open)
            {
                if (file is not PseudoFile pseudo || !pseudo.Waiting.Any(w => w.Unique == interruptedUnique)) continue;
                var keep = pseudo.Waiting.Where(w => w.Unique != interruptedUnique).ToArray();
                pseudo.Waiting.Clear();
                foreach (var w in keep) pseudo.Waiting.Enqueue(w);
                FuseReply.Error(channel, interruptedUnique, LibC.EINTR);
                return;
            }
        }
    }

    private OpenFile? Find(ulong handle) => _byHandle.GetValueOrDefault(handle);

    private abstract class OpenFile(ulong handle)
    {
        public ulong Handle { get; } = handle;

        /// <summary>The kernel's handle for a poll waiting on this file, until it is notified.</summary>
        public ulong? PollHandle { get; set; }
    }

    private sealed class PseudoFile(ulong handle) : OpenFile(handle)
    {
        public PseudoChannel Channel { get; } = new();

        /// <summary>Blocking reads not yet answered, oldest first.</summary>
        public Queue<(ulong Unique, uint Size)> Waiting { get; } = new();
    }

    private sealed class TimerFile(ulong handle) : OpenFile(handle)
    {
        public TimerChannel Channel { get; } = new();
    }
}
