using Metronome.Timing.DahdiAbi;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of /dev/dahdi/timer, as dahdi-base's dahdi_timer_ioctl and Asterisk's res_timing_dahdi use
/// it: DAHDI_TIMERCONFIG sets a period in samples (a negative one is taken as 0); every 1 ms tick takes
/// 8 from the position and, at zero or below, counts an expiration and reloads; DAHDI_TIMERACK
/// acknowledges; DAHDI_GETEVENT reports a pending ping ahead of an expiration and consumes neither
/// (TIMERPONG clears the ping, TIMERACK the expirations); poll says POLLPRI while either is pending.
/// Not thread-safe: the transport serialises access.
/// </summary>
internal sealed class TimerChannel
{
    private int _period;
    private int _position;
    private bool _ping;

    /// <summary>Expirations not yet acknowledged.</summary>
    public int Tripped { get; private set; }

    public int PeriodSamples => _period;

    /// <summary>Samples left until the next expiration.</summary>
    public int PositionSamples => _position;

    public bool Pinged => _ping;

    /// <summary>A channel handed over by another serving process, as it was kept.</summary>
    public void Restore(int period, int position, int tripped, bool ping)
    {
        _period = Math.Max(0, period);
        _position = Math.Clamp(position, 0, _period);
        Tripped = Math.Max(0, tripped);
        _ping = ping;
    }

    /// <summary>What poll reports as POLLPRI (not POLLIN): an expiration or a ping is pending.</summary>
    public bool PollPriority => Tripped > 0 || _ping;

    /// <summary>DAHDI_TIMERCONFIG: as the kernel does, a negative period becomes 0, which stops the timer.</summary>
    public void Configure(int samples)
    {
        _period = Math.Max(0, samples);
        _position = _period;
    }

    public void OnTick(int samples = DahdiWire.ChunkSize)
    {
        // dahdi-base's process_timers only visits timers on its list, and a period of 0 takes a timer off it.
        if (_period == 0) return;
        _position -= samples;
        if (_position > 0) return;
        Tripped++;
        _position = _period;
    }

    /// <summary>DAHDI_TIMERACK: acknowledges <paramref name="count"/>; fewer than 1 or more than pending acknowledges all.</summary>
    public void Ack(int count) => Tripped -= count < 1 || count > Tripped ? Tripped : count;

    /// <summary>DAHDI_GETEVENT: a pending ping, else an expiration, else none; reading consumes nothing.</summary>
    public int GetEvent() =>
        _ping ? DahdiIoctl.EventTimerPing : Tripped > 0 ? DahdiIoctl.EventTimerExpired : DahdiIoctl.EventNone;

    public void Ping() => _ping = true;

    public void Pong() => _ping = false;
}
