using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// /dev/dahdi/pseudo and /dev/dahdi/timer behind FUSE: every open is a device of its own
/// (<see cref="PseudoDevice"/>, <see cref="TimerDevice"/>) that answers its requests and follows the
/// ticks; this handler keeps the table of open handles and the one lock under which requests and ticks
/// meet. The tick path allocates nothing.
/// </summary>
internal sealed class DahdiDeviceHandler(IFuseChannel channel) : IFuseFileHandler
{
    public const ulong PseudoId = 2;
    public const ulong TimerId = 3;

    /// <summary>
    /// Open channels at most, as DAHDI's channel table is bounded: the files are world-writable, and
    /// every channel costs the tick thread a little each millisecond.
    /// </summary>
    public const int MaxChannels = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, DahdiDevice> _byHandle = [];
    private readonly List<DahdiDevice> _open = [];
    private ulong _nextHandle = 1;
    private long _lostInClosed;
    private long _deliveredInClosed;
    private long _eventsInClosed;

    /// <summary>Blocks handed to pseudo readers since the start (metrics; not on the tick path; allocates nothing).</summary>
    public long BlocksDelivered
    {
        get { lock (_lock) return Totals().Delivered; }
    }

    /// <summary>Timer expirations raised since the start (metrics; not on the tick path).</summary>
    public long TimerEvents
    {
        get { lock (_lock) return Totals().Events; }
    }

    public IReadOnlyList<FuseFile> Files { get; } = [new("pseudo", PseudoId), new("timer", TimerId)];

    public DahdiStatus Status
    {
        get
        {
            lock (_lock)
            {
                var totals = Totals();
                return new DahdiStatus(totals.Pseudo, _open.Count - totals.Pseudo, totals.Lost);
            }
        }
    }

    /// <summary>
    /// One pass over the open devices plus what closed ones left (the caller holds the lock). A loop, not
    /// LINQ: the metrics publisher reads these five times a second and must not allocate.
    /// </summary>
    private (int Pseudo, long Lost, long Delivered, long Events) Totals()
    {
        int pseudo = 0;
        long lost = _lostInClosed, delivered = _deliveredInClosed, events = _eventsInClosed;
        foreach (var device in _open)
        {
            if (device is PseudoDevice) pseudo++;
            lost += device.LostBlocks;
            delivered += device.BlocksDelivered;
            events += device.TimerEvents;
        }
        return (pseudo, lost, delivered, events);
    }

    /// <summary>Called by the tick thread: <paramref name="ticks"/> 1 ms ticks have passed (more than 1 after a late wake-up).</summary>
    public void OnTick(int ticks)
    {
        lock (_lock)
        {
            for (int i = 0; i < _open.Count; i++) _open[i].OnTick(ticks);
        }
    }

    public void Open(ulong unique, ulong nodeId, uint openFlags)
    {
        lock (_lock)
        {
            DahdiDevice? device = nodeId switch
            {
                PseudoId => new PseudoDevice(_nextHandle, channel),
                TimerId => new TimerDevice(_nextHandle, channel),
                _ => null,
            };
            if (device is null || _open.Count >= MaxChannels)
            {
                FuseReply.Error(channel, unique, device is null ? LibC.ENOENT : LibC.ENFILE);
                return;
            }
            _nextHandle++;
            _byHandle.Add(device.Handle, device);
            _open.Add(device);
            FuseReply.Open(channel, unique, device.Handle, FuseProtocol.OpenDirectIo | FuseProtocol.OpenNonSeekable);
        }
    }

    public void Read(ulong unique, ulong handle, uint size, uint fileFlags)
    {
        lock (_lock)
        {
            if (Find(unique, handle) is { } device) device.Read(unique, size, fileFlags);
        }
    }

    public void Write(ulong unique, ulong handle, uint size)
    {
        lock (_lock)
        {
            if (Find(unique, handle) is { } device) device.Write(unique, size);
        }
    }

    public void Ioctl(ulong unique, ulong handle, uint command, ReadOnlySpan<byte> input, uint outputSize)
    {
        lock (_lock)
        {
            if (Find(unique, handle) is { } device) device.Ioctl(unique, command, input);
        }
    }

    public void Poll(ulong unique, ulong handle, ulong kernelHandle, bool scheduleNotify, uint events)
    {
        lock (_lock)
        {
            var device = _byHandle.GetValueOrDefault(handle);
            uint ready = device?.ReadyEvents ?? (uint)LibC.POLLERR;
            if (device is not null && scheduleNotify) device.PollHandle = kernelHandle;
            FuseReply.Poll(channel, unique, ready & (events | (uint)(LibC.POLLERR | LibC.POLLHUP)));
        }
    }

    public void Release(ulong unique, ulong handle)
    {
        lock (_lock)
        {
            if (_byHandle.Remove(handle, out var device))
            {
                _open.Remove(device);
                _lostInClosed += device.LostBlocks;
                _deliveredInClosed += device.BlocksDelivered;
                _eventsInClosed += device.TimerEvents;
                device.Release();
            }
            FuseReply.Empty(channel, unique);
        }
    }

    public void Interrupt(ulong interruptedUnique)
    {
        lock (_lock)
        {
            foreach (var device in _open)
                if (device.Interrupt(interruptedUnique)) return;
        }
    }

    /// <summary>The open device with this handle; null, with the request refused (EBADF), when there is none.</summary>
    private DahdiDevice? Find(ulong unique, ulong handle)
    {
        if (_byHandle.TryGetValue(handle, out var device)) return device;
        FuseReply.Error(channel, unique, LibC.EBADF);
        return null;
    }
}
