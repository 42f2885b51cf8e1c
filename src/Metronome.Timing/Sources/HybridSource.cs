using System.Runtime.Intrinsics.X86;
using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// Sleeps (absolute clock_nanosleep) to <c>deadline − window</c>, then spins on the clock until the
/// deadline. The spin buys sub-microsecond lateness at the price of about window/period of a core;
/// it cannot hide preemption or hypervisor steal.
/// </summary>
internal sealed class HybridSource(TickSourceOptions options, IMonotonicClock clock) : SleepingSource(options, clock)
{
    private readonly int _spinUs = options.SpinUs;

    public override TickSourceKind Kind => TickSourceKind.Hybrid;

    /// <summary>The window before each deadline spent spinning, in µs.</summary>
    public int SpinUs => _spinUs;

    public override int WaitTick()
    {
        long deadline = NextDeadlineNs;
        Sleep.Until(deadline - _spinUs * 1000L);
        long now;
        while ((now = Clock.NowNs()) < deadline)
        {
            if (X86Base.IsSupported) X86Base.Pause();
        }
        return Advance(now);
    }
}
