using Metronome.Timing.Linux;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// Completed passes, signalled by the tick thread and taken one at a time by a reader: an eventfd in
/// semaphore mode. Signalling is one write(2), which never waits for a lock a reader holds, and a waiting
/// reader sleeps in poll(2) without spinning (a SemaphoreSlim's wait called sched_yield about 130 times
/// before it slept, four times a second, beside the tick; its release took a lock on the tick thread).
/// </summary>
internal sealed unsafe class PassSignal : IDisposable
{
    private int _fd;

    public PassSignal()
    {
        _fd = LibC.EventFd(0, LibC.EFD_SEMAPHORE | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (_fd < 0) throw new IOException($"eventfd failed: {LibC.ErrorText(LibC.LastError)}");
    }

    /// <summary>One more pass (or the end of the run). Allocates nothing.</summary>
    public void Raise()
    {
        ulong one = 1;
        LibC.Write(_fd, &one, sizeof(ulong));
    }

    /// <summary>Takes one signal, waiting up to <paramref name="timeout"/> for it; false when none came.</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (TryTake()) return true;
        var poll = new PollFd { Fd = _fd, Events = LibC.POLLIN };
        int ms = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        return LibC.Poll(&poll, 1, ms) > 0 && TryTake();
    }

    private bool TryTake()
    {
        ulong value;
        return LibC.Read(_fd, &value, sizeof(ulong)) == sizeof(ulong);
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
    }
}
