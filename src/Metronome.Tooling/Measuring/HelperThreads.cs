using Metronome.Timing.Linux;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// The threads of a measuring process that are not tick threads (the samplers, the thread that prints,
/// the metrics publisher). A tick thread at SCHED_FIFO preempts them, but not inside the kernel of a
/// PREEMPT_NONE guest, and their work evicts its cache: where the tick threads are pinned and the process
/// may use other CPUs, the helpers run there.
/// </summary>
internal static class HelperThreads
{
    /// <summary>
    /// Restricts the calling thread, and so every thread it starts afterwards, to the allowed CPUs that no
    /// tick thread is pinned to; does nothing when a tick thread floats (null) or no CPU is left. Returns
    /// the CPUs the caller now keeps to, or null when it was left alone.
    /// </summary>
    public static unsafe IReadOnlyList<int>? KeepOff(IReadOnlyList<int?> tickCpus)
    {
        if (Free(tickCpus, CpuList.Allowed()) is not { } free) return null;
        var mask = stackalloc ulong[CpuList.MaxCpus / 64];
        foreach (int cpu in free) mask[cpu / 64] |= 1UL << (cpu % 64);
        return LibC.SchedSetAffinity(0, CpuList.MaxCpus / 8, mask) == 0 ? free : null;
    }

    /// <summary>The <paramref name="allowed"/> CPUs without a tick thread; null when a tick thread is not pinned or none is left.</summary>
    public static IReadOnlyList<int>? Free(IReadOnlyList<int?> tickCpus, IReadOnlyList<int> allowed)
    {
        if (tickCpus.Any(c => c is null)) return null;
        var free = allowed.Where(c => !tickCpus.Contains(c)).ToArray();
        return free.Length > 0 ? free : null;
    }
}
