using System.Buffers.Binary;
using Metronome.Timing.Linux;
using Metronome.Tooling.Fuse;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of a DAHDI device file: what its reads, writes, ioctls, polls and ticks do. Every request
/// is answered exactly once, now or (a read waiting for its block) from a later tick. Requests come from
/// several request threads and ticks from the tick thread; each device has a gate of its own, so
/// channels never wait for each other, and the tick thread never waits for a request: when a request
/// holds the gate, the tick's ticks are left for the request to apply as it leaves (<see cref="Tick"/>).
/// The tick path allocates nothing.
/// </summary>
/// <param name="notifications">Where poll notifications go (any descriptor of the connection).</param>
internal abstract class DahdiDevice(ulong handle, IFuseChannel notifications)
{
    private readonly Lock _gate = new();
    private int _deferredTicks;
    private bool _released;

    public ulong Handle { get; } = handle;

    /// <summary>Where this channel's state is kept for the next serving process, and its slot there; none without a keeper.</summary>
    public (DahdiStatePage Page, int Slot)? Kept { get; init; }

    /// <summary>The kernel's handle for a poll waiting on this file, until it is notified.</summary>
    private ulong? _pollHandle;

    /// <summary>Blocks a slow reader lost (pseudo only).</summary>
    public virtual long LostBlocks => 0;

    /// <summary>Blocks handed to this open's reader (pseudo), for metrics.</summary>
    public virtual long BlocksDelivered => 0;

    /// <summary>Timer expirations this open raised (timer), for metrics.</summary>
    public virtual long TimerEvents => 0;

    /// <summary>Inside the gate: the poll events ready now.</summary>
    protected abstract uint ReadyEvents { get; }

    /// <summary>A request thread takes the device: ticks left by the tick thread are applied first, so the request sees the present.</summary>
    public Serving Serve()
    {
        _gate.Enter();
        ApplyDeferred();
        return new Serving(this);
    }

    /// <summary>The tick thread: <paramref name="ticks"/> 1 ms ticks have passed. Never waits: if a request holds the device, it applies them.</summary>
    public void Tick(int ticks)
    {
        Interlocked.Add(ref _deferredTicks, ticks);
        TryApplyDeferred();
    }

    private void Leave()
    {
        ApplyDeferred();
        Keep();
        _gate.Exit();
        // Ticks the tick thread left after the line above, while the gate was still held.
        TryApplyDeferred();
    }

    private void TryApplyDeferred()
    {
        while (Volatile.Read(ref _deferredTicks) > 0 && _gate.TryEnter())
        {
            try
            {
                ApplyDeferred();
            }
            finally
            {
                _gate.Exit();
            }
        }
    }

    private void ApplyDeferred()
    {
        int ticks = Interlocked.Exchange(ref _deferredTicks, 0);
        if (ticks > 0 && !_released) OnTick(ticks);
    }

    /// <summary>
    /// Inside the gate, as a request leaves: writes the state a request may have changed, so that a
    /// serving process killed from now on hands it over. After the reply: a kill between the two loses
    /// this request's change (the next server sees the state before it), never answers it twice.
    /// </summary>
    private void Keep()
    {
        if (Kept is not { } kept || _released) return;
        var state = new DahdiChannelState
        {
            Handle = Handle,
            HasPoll = _pollHandle is null ? 0 : 1,
            PollHandle = _pollHandle ?? 0,
            AtNs = MonotonicClock.Instance.NowNs(),
        };
        Capture(ref state);
        kept.Page.Write(kept.Slot, in state);
    }

    /// <summary>
    /// A channel handed over by a serving process that died: its state as kept, then the ticks that
    /// passed since (<paramref name="nowNs"/> − <see cref="DahdiChannelState.AtNs"/>), as DAHDI would have
    /// applied them; and a notification for the poll that was waiting, which the kernel answers by polling again.
    /// </summary>
    public void Resume(in DahdiChannelState state, long nowNs)
    {
        using var serving = Serve();
        Restore(in state);
        _pollHandle = state.HasPoll != 0 ? state.PollHandle : null;
        long passed = Math.Max(0, (nowNs - state.AtNs) / 1_000_000);
        OnTick((int)Math.Min(passed, MaxCatchUpTicks));
        Notify();
    }

    /// <summary>A minute: a longer gap brings no more expirations than a timer's pile-up can use.</summary>
    private const long MaxCatchUpTicks = 60_000;

    /// <summary>Inside the gate: what this kind of channel keeps (period, position, block size...).</summary>
    protected abstract void Capture(ref DahdiChannelState state);

    /// <summary>Inside the gate: the kept state back, before the ticks that passed.</summary>
    protected abstract void Restore(in DahdiChannelState state);

    /// <summary>A request's view of the device while it holds the gate.</summary>
    public readonly ref struct Serving(DahdiDevice device)
    {
        public bool IsReleased => device._released;

        public uint ReadyEvents => device.ReadyEvents;

        public void Read(FuseReplyTo reply, uint size, uint fileFlags) => device.Read(reply, size, fileFlags);

        public void Write(FuseReplyTo reply, uint size) => device.Write(reply, size);

        public void Ioctl(FuseReplyTo reply, uint command, ReadOnlySpan<byte> input) => device.Ioctl(reply, command, input);

        /// <summary>Remembers the kernel's poll handle, to notify once readiness changes.</summary>
        public void WaitForPoll(ulong kernelHandle) => device._pollHandle = kernelHandle;

        /// <summary>The file is closed: requests still waiting end here, and ticks no longer reach it.</summary>
        public void Release()
        {
            device._released = true;
            device.Release();
        }

        /// <summary>Ends request <paramref name="unique"/> with EINTR if it is waiting here; false if it is not.</summary>
        public bool Interrupt(ulong unique) => device.Interrupt(unique);

        public void Dispose() => device.Leave();
    }

    /// <param name="fileFlags">The open file's flags now (O_NONBLOCK may have been set since open).</param>
    protected abstract void Read(FuseReplyTo reply, uint size, uint fileFlags);

    protected abstract void Write(FuseReplyTo reply, uint size);

    protected abstract void Ioctl(FuseReplyTo reply, uint command, ReadOnlySpan<byte> input);

    /// <summary>Inside the gate: <paramref name="ticks"/> 1 ms ticks have passed (more than 1 after a late wake-up).</summary>
    protected abstract void OnTick(int ticks);

    protected virtual void Release() { }

    protected virtual bool Interrupt(ulong unique) => false;

    /// <summary>Wakes the poll waiting on this file, if any: once per poll, as the kernel re-polls.</summary>
    protected void Notify()
    {
        if (_pollHandle is not { } kernelHandle) return;
        _pollHandle = null;
        FuseReply.NotifyPoll(notifications, kernelHandle);
    }

    protected static void Refuse(FuseReplyTo reply, int errno) => FuseReply.Error(reply.Channel, reply.Unique, errno);

    /// <summary>An ioctl done, with nothing to copy back.</summary>
    protected static void IoctlDone(FuseReplyTo reply) => FuseReply.Ioctl(reply.Channel, reply.Unique, 0, default);

    /// <summary>An ioctl that answers one int (_IOR(…, int)).</summary>
    protected static void IoctlAnswer(FuseReplyTo reply, int value)
    {
        Span<byte> output = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(output, value);
        FuseReply.Ioctl(reply.Channel, reply.Unique, 0, output);
    }

    /// <summary>The int an _IOW(…, int) ioctl carries, or null when the input is not one int.</summary>
    protected static int? IntArgument(ReadOnlySpan<byte> input) =>
        input.Length == sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(input) : null;
}
