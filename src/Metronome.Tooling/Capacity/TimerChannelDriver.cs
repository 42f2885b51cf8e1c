using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Capacity;

/// <summary>
/// One channel as res_timing_dahdi drives it when a frame is queued to it: DAHDI_TIMERPING, poll for
/// POLLPRI, DAHDI_GETEVENT (which must say TIMER_PING), DAHDI_TIMERPONG — a round trip of four requests
/// to the timer's server — at a fixed rate on its own thread, as each Asterisk channel has a thread of
/// its own. Records every round trip's duration; a slot that passes while a round trip is still under
/// way is counted as not done.
/// </summary>
internal sealed unsafe class TimerChannelDriver
{
    private const int PollTimeoutMs = 1000;

    private readonly string _device;
    private readonly long _periodNs;
    private readonly long _firstNs;
    private readonly long _endNs;
    private readonly long[] _roundTripsNs;
    private Thread? _thread;

    /// <param name="firstNs">The first slot (CLOCK_MONOTONIC); channels start at staggered phases.</param>
    public TimerChannelDriver(string device, int rateHz, long firstNs, long endNs)
    {
        _device = device;
        _periodNs = 1_000_000_000L / rateHz;
        _firstNs = firstNs;
        _endNs = endNs;
        Slots = (int)Math.Max(0, (endNs - firstNs + _periodNs - 1) / _periodNs);
        _roundTripsNs = new long[Slots];
    }

    /// <summary>Round trips asked for: the slots between the first and the end.</summary>
    public int Slots { get; }

    public int Done { get; private set; }

    /// <summary>Requests refused, polls that timed out, and events out of DAHDI's order.</summary>
    public int Errors { get; private set; }

    /// <summary>The first error, in words; null when none.</summary>
    public string? FirstError { get; private set; }

    /// <summary>The round trips' durations in ns, in the order they ran.</summary>
    public ReadOnlySpan<long> RoundTripsNs => _roundTripsNs.AsSpan(0, Done);

    public void Start()
    {
        // Small stacks: a run has hundreds of these threads, as a PBX has channel threads.
        _thread = new Thread(Run, maxStackSize: 256 * 1024) { IsBackground = true, Name = "metronome-channel" };
        _thread.Start();
    }

    public void Join() => _thread?.Join();

    private void Run()
    {
        int fd = LibC.Open(_device, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            Fail($"cannot open {_device}: {LibC.ErrorText(LibC.LastError)}");
            return;
        }
        try
        {
            long slot = _firstNs;
            while (slot < _endNs)
            {
                AbsoluteSleep.Until(slot);
                long start = MonotonicClock.Instance.NowNs();
                if (RoundTrip(fd)) _roundTripsNs[Done++] = MonotonicClock.Instance.NowNs() - start;
                // The next slot not yet begun: a round trip longer than a period skips slots, as a channel
                // whose timer answers late falls behind.
                long now = MonotonicClock.Instance.NowNs();
                slot += _periodNs;
                if (now > slot) slot += (now - slot + _periodNs - 1) / _periodNs * _periodNs;
            }
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private bool RoundTrip(int fd)
    {
        if (LibC.Ioctl(fd, DahdiIoctl.TimerPing, null) != 0) return Fail($"DAHDI_TIMERPING failed: {LibC.ErrorText(LibC.LastError)}");
        var poll = new PollFd { Fd = fd, Events = LibC.POLLPRI };
        int ready = LibC.Poll(&poll, 1, PollTimeoutMs);
        if (ready < 0) return Fail($"poll failed: {LibC.ErrorText(LibC.LastError)}");
        if (ready == 0 || (poll.ReturnedEvents & LibC.POLLPRI) == 0) return Fail($"no POLLPRI within {PollTimeoutMs} ms of a ping");
        int dahdiEvent = 0;
        if (LibC.Ioctl(fd, DahdiIoctl.GetEvent, &dahdiEvent) != 0) return Fail($"DAHDI_GETEVENT failed: {LibC.ErrorText(LibC.LastError)}");
        if (dahdiEvent != DahdiIoctl.EventTimerPing) return Fail($"DAHDI_GETEVENT said {dahdiEvent} after a ping, not TIMER_PING ({DahdiIoctl.EventTimerPing})");
        if (LibC.Ioctl(fd, DahdiIoctl.TimerPong, null) != 0) return Fail($"DAHDI_TIMERPONG failed: {LibC.ErrorText(LibC.LastError)}");
        return true;
    }

    private bool Fail(string why)
    {
        Errors++;
        FirstError ??= why;
        return false;
    }
}
