using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tooling.Dahdi;

/// <param name="MountPoint">Where the two files appear (/dev/dahdi by default).</param>
/// <param name="Force">Mount even over a real DAHDI or another mount.</param>
/// <param name="FileMode">Permission bits of pseudo and timer: 0660, as Debian's udev rules give kernel DAHDI's devices.</param>
/// <param name="Uid">Owner of pseudo and timer; the kernel checks opens against it (default_permissions).</param>
/// <param name="Gid">Group of pseudo and timer.</param>
/// <param name="Measure">Measure the device clock's ticks (lateness, passes) for metrics: one clock read per tick.</param>
/// <param name="Stalls">With <paramref name="Measure"/>: find and attribute the device clock's stalls.</param>
/// <param name="RequestThreads">Threads taking the kernel's requests, each from its own /dev/fuse descriptor.</param>
internal sealed record DahdiServerOptions(string MountPoint, bool Force, RealtimeRequest Realtime,
    uint FileMode = DahdiServerOptions.DefaultFileMode, uint Uid = 0, uint Gid = 0,
    bool Measure = false, StallDetector? Stalls = null, int RequestThreads = 1)
{
    public const uint DefaultFileMode = 0x1B0; // 0660

    /// <summary>At most this many request threads: more than the CPUs only adds waiting threads.</summary>
    public const int MaxRequestThreads = 64;

    /// <summary>One request thread per two CPUs this process may run on, at least one.</summary>
    public static int DefaultRequestThreads => RequestThreadsFor(Environment.ProcessorCount);

    /// <summary>
    /// Request threads for <paramref name="cpus"/> CPUs: half of them. Each request thread runs SCHED_FIFO,
    /// so a thread per CPU takes every CPU from the clients whose requests it waits for: on two vCPUs one
    /// thread answered 200 channels' round trips at 15-16 us of CPU per request, two at 16-25 us, with
    /// the same or four times the p99 (bench/results/pbx-capacity.md).
    /// </summary>
    public static int RequestThreadsFor(int cpus) => Math.Clamp(cpus / 2, 1, MaxRequestThreads);
}
