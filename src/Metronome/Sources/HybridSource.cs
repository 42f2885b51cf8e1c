using System.Runtime.Intrinsics.X86;
using Metronome.Linux;

namespace Metronome.Sources;

/// <summary>
/// Sleeps (absolute clock_nanosleep) to <c>deadline − window</c>, then spins on the clock until the
/// deadline. The spin buys sub-microsecond lateness at the price of about window/period of a core;
/// it cannot hide preemption or hypervisor steal.
/// </summary>
public sealed class HybridSource(TickSourceOptions options, IMonotonicClock clock) : ITickSource
{
    private readonly long _windowNs = options.SpinUs * 1000L;
    private TickSchedule _schedule;
    private long _last;

    public string Name => TickSourceKind.Hybrid;

    public int Rate => options.Rate;

    /// <summary>The window before each deadline spent spinning, in µs.</summary>
    public int SpinUs => options.SpinUs;

    public TickSchedule Start(long originNs)
    {
        _schedule = new TickSchedule(originNs, options.Rate);
        _last = 0;
        AbsoluteSleep.Bind();
        return _schedule;
    }

    public int WaitTick()
    {
        long deadline = _schedule.DeadlineNs(_last + 1);
        Sleep.Until(deadline - _windowNs);
        long now;
        while ((now = clock.NowNs()) < deadline)
        {
            if (X86Base.IsSupported) X86Base.Pause();
        }
        return TickCounting.Advance(ref _last, _schedule, now);
    }

    public void Dispose() { }
}
