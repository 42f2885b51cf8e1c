using Metronome.Linux;

namespace Metronome.Dahdi;

/// <param name="MountPoint">Where the two files appear (/dev/dahdi by default).</param>
/// <param name="Force">Mount even over a real DAHDI or another mount.</param>
/// <param name="FileMode">Permission bits of pseudo and timer (0666: anyone may read silence and set timers).</param>
public sealed record DahdiServerOptions(string MountPoint, bool Force, RealtimeRequest Realtime, uint FileMode = DahdiServerOptions.DefaultFileMode)
{
    public const uint DefaultFileMode = 0x1B6; // 0666
}
