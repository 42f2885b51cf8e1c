using Metronome.Linux;

namespace Metronome.Measuring;

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

    private static (long Wall, long ProcessCpu, long ThreadCpu, int Collections, long ProcessAllocated) Counters(IMonotonicClock clock)
    {
        RUsage self, thread;
        long processCpu = LibC.GetRUsage(LibC.RUSAGE_SELF, &self) == 0 ? self.CpuNs : 0;
        long threadCpu = LibC.GetRUsage(LibC.RUSAGE_THREAD, &thread) == 0 ? thread.CpuNs : 0;
        return (clock.NowNs(), processCpu, threadCpu, GC.CollectionCount(0), GC.GetTotalAllocatedBytes(precise: true));
    }
}
