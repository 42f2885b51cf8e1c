using Metronome.Timing.Linux;

namespace Metronome.Tooling.Measuring;

/// <summary>
/// What a run costs, read on the tick thread before and after the loop. The tick thread's allocation
/// counter is read last going in and first coming out, so the snapshots' own work (reading /proc/stat,
/// the process-wide counters) is not charged to the tick path.
/// </summary>
internal readonly unsafe record struct ResourceSnapshot(
    long WallNs, long ProcessCpuNs, long ThreadCpuNs, CpuTimes? Host, int GcCollections, long ThreadAllocated, long ProcessAllocated)
{
    public static ResourceSnapshot Before(IMonotonicClock clock)
    {
        var host = CpuTimes.Read();
        var (wall, processCpu, threadCpu, collections, processAllocated) = Counters(clock);
        long threadAllocated = GC.GetAllocatedBytesForCurrentThread();
        return new ResourceSnapshot(wall, processCpu, threadCpu, host, collections, threadAllocated, processAllocated);
    }

    public static ResourceSnapshot After(IMonotonicClock clock)
    {
        long threadAllocated = GC.GetAllocatedBytesForCurrentThread();
        var (wall, processCpu, threadCpu, collections, processAllocated) = Counters(clock);
        return new ResourceSnapshot(wall, processCpu, threadCpu, CpuTimes.Read(), collections, threadAllocated, processAllocated);
    }

    /// <summary>What was spent between two snapshots; host figures are null when /proc/stat was unreadable.</summary>
    public static ResourceUsage operator -(ResourceSnapshot after, ResourceSnapshot before) => new(
        after.WallNs - before.WallNs,
        after.ProcessCpuNs - before.ProcessCpuNs,
        after.ThreadCpuNs - before.ThreadCpuNs,
        CpuTimes.StealPercent(before.Host, after.Host),
        CpuTimes.BusyPercent(before.Host, after.Host),
        after.GcCollections - before.GcCollections,
        after.ThreadAllocated - before.ThreadAllocated,
        after.ProcessAllocated - before.ProcessAllocated);

    private static (long Wall, long ProcessCpu, long ThreadCpu, int Collections, long ProcessAllocated) Counters(IMonotonicClock clock)
    {
        RUsage self, thread;
        long processCpu = LibC.GetRUsage(LibC.RUSAGE_SELF, &self) == 0 ? self.CpuNs : 0;
        long threadCpu = LibC.GetRUsage(LibC.RUSAGE_THREAD, &thread) == 0 ? thread.CpuNs : 0;
        return (clock.NowNs(), processCpu, threadCpu, GC.CollectionCount(0), GC.GetTotalAllocatedBytes(precise: true));
    }
}

/// <summary>The difference of two <see cref="ResourceSnapshot"/>s: what a run cost.</summary>
internal readonly record struct ResourceUsage(
    long WallNs, long ProcessCpuNs, long ThreadCpuNs, double? StealPercent, double? HostBusyPercent,
    int GcCollections, long ThreadAllocated, long ProcessAllocated);
