using Metronome.Linux;
using Metronome.Measuring.Stalls;

namespace Metronome.Dahdi;

/// <param name="MountPoint">Where the two files appear (/dev/dahdi by default).</param>
/// <param name="Force">Mount even over a real DAHDI or another mount.</param>
/// <param name="FileMode">Permission bits of pseudo and timer (0666: anyone may read silence and set timers).</param>
/// <param name="Measure">Measure the device clock's ticks (lateness, passes) for metrics: one clock read per tick.</param>
/// <param name="Stalls">With <paramref name="Measure"/>: find and attribute the device clock's stalls.</param>
public sealed record DahdiServerOptions(string MountPoint, bool Force, RealtimeRequest Realtime, uint FileMode = DahdiServerOptions.DefaultFileMode,
    bool Measure = false, StallDetector? Stalls = null)
{
    public const uint DefaultFileMode = 0x1B6; // 0666
}
