using System.Collections.Concurrent;
using Metronome.Timing.Linux;
using Metronome.Tooling.Fuse;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// /dev/dahdi/pseudo and /dev/dahdi/timer behind FUSE: every open is a device of its own
/// (<see cref="PseudoDevice"/>, <see cref="TimerDevice"/>) that answers its requests and follows the
/// ticks. Requests from several threads find their device without a lock and take only that device's
/// gate; opening and closing take the table's lock; the tick thread walks an array that opens and
/// closes replace, never waiting for either. The tick path allocates nothing.
/// </summary>
/// <param name="notifications">Where the devices' poll notifications go.</param>
/// <param name="page">Where the open channels' state is kept for the next serving process (under a keeper); null to keep nothing.</param>
internal sealed class DahdiDeviceHandler(IFuseChannel notifications, DahdiStatePage? page = null) : IFuseFileHandler
{
    public const ulong PseudoId = 2;
    public const ulong TimerId = 3;

    /// <summary>
    /// Open channels at most, as DAHDI's channel table is bounded: the files are world-writable, and
    /// every channel costs the tick thread a little each millisecond.
    /// </summary>
    public const int MaxChannels = 1024;

    private readonly Lock _table = new();
    private readonly ConcurrentDictionary<ulong, DahdiDevice> _byHandle = new();
    private DahdiDevice[] _open = [];
    private ulong _nextHandle = 1;
    private readonly bool[] _slotTaken = new bool[MaxChannels];
    private long _lostInClosed;
    private long _deliveredInClosed;
    private long _eventsInClosed;

    public IReadOnlyList<FuseFile> Files { get; } = [new("pseudo", PseudoId), new("timer", TimerId)];

    /// <summary>Blocks handed to pseudo readers since the start (metrics; not on the tick path; allocates nothing).</summary>
    public long BlocksDelivered => Totals().Delivered;

    /// <summary>Timer expirations raised since the start (metrics; not on the tick path).</summary>
    public long TimerEvents => Totals().Events;

    public DahdiStatus Status
    {
        get
        {
            var totals = Totals();
            return new DahdiStatus(totals.Pseudo, totals.Open - totals.Pseudo, totals.Lost);
        }
    }

    /// <summary>
    /// One pass over the open devices plus what closed ones left. A loop, not LINQ: the metrics publisher
    /// reads these five times a second and must not allocate.
    /// </summary>
    private (int Open, int Pseudo, long Lost, long Delivered, long Events) Totals()
    {
        var open = Volatile.Read(ref _open);
        int pseudo = 0;
        long lost = Interlocked.Read(ref _lostInClosed), delivered = Interlocked.Read(ref _deliveredInClosed), events = Interlocked.Read(ref _eventsInClosed);
        foreach (var device in open)
        {
            if (device is PseudoDevice) pseudo++;
            lost += device.LostBlocks;
            delivered += device.BlocksDelivered;
            events += device.TimerEvents;
        }
        return (open.Length, pseudo, lost, delivered, events);
    }

    /// <summary>Called by the tick thread: <paramref name="ticks"/> 1 ms ticks have passed (more than 1 after a late wake-up).</summary>
    public void OnTick(int ticks)
    {
        var open = Volatile.Read(ref _open);
        for (int i = 0; i < open.Length; i++) open[i].Tick(ticks);
    }

    public void Open(FuseReplyTo reply, ulong nodeId, uint openFlags)
    {
        if (nodeId is not (PseudoId or TimerId))
        {
            FuseReply.Error(reply.Channel, reply.Unique, LibC.ENOENT);
            return;
        }
        DahdiDevice device;
        lock (_table)
        {
            if (_open.Length >= MaxChannels)
            {
                FuseReply.Error(reply.Channel, reply.Unique, LibC.ENFILE);
                return;
            }
            ulong handle = _nextHandle++;
            device = Create(nodeId == PseudoId ? DahdiChannelKind.Pseudo : DahdiChannelKind.Timer, handle);
            _byHandle[handle] = device;
            Volatile.Write(ref _open, [.. _open, device]);
        }
        // Kept before the reply: a server killed in between leaves a channel nobody uses (the kernel
        // sends the open again), never a handle in use that the next server does not know.
        using (device.Serve()) { }
        FuseReply.Open(reply.Channel, reply.Unique, device.Handle, FuseProtocol.OpenDirectIo | FuseProtocol.OpenNonSeekable);
    }

    /// <summary>Under the table's lock: a new channel of <paramref name="kind"/>, in a free slot of the page if there is one.</summary>
    private DahdiDevice Create(DahdiChannelKind kind, ulong handle, int slot = -1)
    {
        if (page is not null && slot < 0) slot = Array.IndexOf(_slotTaken, false);
        (DahdiStatePage, int)? kept = page is not null ? (page, slot) : null;
        if (page is not null) _slotTaken[slot] = true;
        return kind == DahdiChannelKind.Pseudo
            ? new PseudoDevice(handle, notifications) { Kept = kept }
            : new TimerDevice(handle, notifications) { Kept = kept };
    }

    /// <summary>
    /// Takes over the channels a serving process that died left in the page, before any request is
    /// served: same handles (the kernel's open files keep using them), same state, the ticks that passed
    /// applied. Returns how many.
    /// </summary>
    public int Resume(long nowNs)
    {
        if (page is null) return 0;
        var resumed = new List<(DahdiDevice Device, DahdiChannelState State)>();
        lock (_table)
        {
            for (int slot = 0; slot < MaxChannels; slot++)
            {
                var state = page.Read(slot);
                if (state.Kind is not (DahdiChannelKind.Pseudo or DahdiChannelKind.Timer) || state.Handle == 0 || _byHandle.ContainsKey(state.Handle)) continue;
                var device = Create(state.Kind, state.Handle, slot);
                _byHandle[state.Handle] = device;
                _nextHandle = Math.Max(_nextHandle, state.Handle + 1);
                resumed.Add((device, state));
            }
            Volatile.Write(ref _open, [.. resumed.Select(r => r.Device)]);
        }
        foreach (var (device, state) in resumed) device.Resume(in state, nowNs);
        return resumed.Count;
    }

    public void Read(FuseReplyTo reply, ulong handle, uint size, uint fileFlags)
    {
        if (Find(reply, handle) is not { } device) return;
        using var serving = device.Serve();
        if (serving.IsReleased) Refuse(reply);
        else serving.Read(reply, size, fileFlags);
    }

    public void Write(FuseReplyTo reply, ulong handle, uint size)
    {
        if (Find(reply, handle) is not { } device) return;
        using var serving = device.Serve();
        if (serving.IsReleased) Refuse(reply);
        else serving.Write(reply, size);
    }

    public void Ioctl(FuseReplyTo reply, ulong handle, uint command, ReadOnlySpan<byte> input, uint outputSize)
    {
        if (Find(reply, handle) is not { } device) return;
        using var serving = device.Serve();
        if (serving.IsReleased) Refuse(reply);
        else serving.Ioctl(reply, command, input);
    }

    public void Poll(FuseReplyTo reply, ulong handle, ulong kernelHandle, bool scheduleNotify, uint events)
    {
        uint ready = (uint)LibC.POLLERR;
        if (_byHandle.TryGetValue(handle, out var device))
        {
            using var serving = device.Serve();
            if (!serving.IsReleased)
            {
                ready = serving.ReadyEvents;
                if (scheduleNotify) serving.WaitForPoll(kernelHandle);
            }
        }
        FuseReply.Poll(reply.Channel, reply.Unique, ready & (events | (uint)(LibC.POLLERR | LibC.POLLHUP)));
    }

    public void Release(FuseReplyTo reply, ulong handle)
    {
        DahdiDevice? device;
        lock (_table)
        {
            if (_byHandle.TryRemove(handle, out device)) Volatile.Write(ref _open, [.. _open.Where(d => d != device)]);
        }
        if (device is not null)
        {
            using (var serving = device.Serve()) serving.Release();
            // After the release: a request leaving the device now no longer writes the slot.
            if (device.Kept is { } kept)
                lock (_table)
                {
                    kept.Page.Clear(kept.Slot);
                    _slotTaken[kept.Slot] = false;
                }
            Interlocked.Add(ref _lostInClosed, device.LostBlocks);
            Interlocked.Add(ref _deliveredInClosed, device.BlocksDelivered);
            Interlocked.Add(ref _eventsInClosed, device.TimerEvents);
        }
        FuseReply.Empty(reply.Channel, reply.Unique);
    }

    public void Interrupt(ulong interruptedUnique)
    {
        foreach (var device in Volatile.Read(ref _open))
        {
            using var serving = device.Serve();
            if (serving.Interrupt(interruptedUnique)) return;
        }
    }

    /// <summary>The open device with this handle; null, with the request refused (EBADF), when there is none.</summary>
    private DahdiDevice? Find(FuseReplyTo reply, ulong handle)
    {
        if (_byHandle.TryGetValue(handle, out var device)) return device;
        Refuse(reply);
        return null;
    }

    private static void Refuse(FuseReplyTo reply) => FuseReply.Error(reply.Channel, reply.Unique, LibC.EBADF);
}
