using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// timerfd on CLOCK_MONOTONIC with an absolute first expiry and a fixed interval. The kernel keeps the
/// schedule and the 8-byte read returns the number of expirations, so missed ticks are exact. Timer
/// slack does not apply to timerfd.
/// </summary>
internal sealed unsafe class TimerFdSource : ITickSource
{
    private readonly int _rate;
    private int _fd;

    private TimerFdSource(int fd, int rate)
    {
        _fd = fd;
        _rate = rate;
    }

    public TickSourceKind Kind => TickSourceKind.TimerFd;

    public int Rate => _rate;

    public static TimerFdSource Open(TickSourceOptions options)
    {
        int fd = LibC.TimerFdCreate(LibC.CLOCK_MONOTONIC, LibC.TFD_CLOEXEC);
        if (fd < 0) throw new TickSourceException($"timerfd_create failed: {LibC.ErrorText(LibC.LastError)}");
        return new TimerFdSource(fd, options.Rate);
    }

    public TickSchedule Start(long originNs)
    {
        var schedule = new TickSchedule(originNs, _rate);
        var spec = new ITimerspec
        {
            Value = Timespec.FromNs(schedule.DeadlineNs(1)),
            // The kernel's interval is whole nanoseconds; rates that do not divide 1e9 drift by under 1 ns a tick.
            Interval = Timespec.FromNs(schedule.DeadlineNs(1) - originNs),
        };
        if (LibC.TimerFdSetTime(_fd, LibC.TFD_TIMER_ABSTIME, &spec, null) != 0)
            throw new TickSourceException($"timerfd_settime failed: {LibC.ErrorText(LibC.LastError)}");
        // Bind read() now (a zero-length read returns at once): a P/Invoke binds on its first call,
        // which takes time and allocates, and neither belongs to the first tick.
        _ = LibC.Read(_fd, null, 0);
        return schedule;
    }

    public int WaitTick()
    {
        ulong expirations;
        if (LibC.ReadRestarting(_fd, &expirations, sizeof(ulong)) == sizeof(ulong)) return (int)Math.Min(expirations, int.MaxValue);
        throw new TickSourceException($"timerfd read failed: {LibC.ErrorText(LibC.LastError)}");
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
    }
}
