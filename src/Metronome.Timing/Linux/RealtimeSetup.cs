namespace Metronome.Timing.Linux;

/// <summary>
/// Applies a <see cref="RealtimeRequest"/>. Scheduling policy, affinity and timer slack are per thread,
/// so <see cref="Apply"/> must run on the tick thread itself; memory locking and the DMA-latency hold
/// are process-wide and are undone by <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class RealtimeSetup : IDisposable
{
    /// <summary>CPUs an affinity mask can name: glibc's CPU_SETSIZE.</summary>
    private const int MaxCpus = CpuList.MaxCpus;

    private int _dmaLatencyFd = -1;
    private bool _mlocked;

    public RealtimeReport Apply(RealtimeRequest request)
    {
        var warnings = new List<string>();
        var (policy, priority) = SetScheduler(request.Priority, warnings);
        int? cpu = request.Cpu is { } c && SetAffinity(c, warnings) ? c : null;
        long? slack = request.MinimalTimerSlack ? SetTimerSlack(warnings) : null;
        if (request.LockMemory) _mlocked = LockMemory(warnings);
        if (request.HoldDmaLatency) _dmaLatencyFd = HoldDmaLatency(warnings);
        return new RealtimeReport(policy, priority, _mlocked, cpu, slack, _dmaLatencyFd >= 0, warnings);
    }

    /// <summary>
    /// Gives the calling thread the request's SCHED_FIFO priority and nothing else, for a thread that
    /// serves the tick thread (it answers the requests the ticks complete); false if refused or not asked.
    /// </summary>
    public static bool ApplyPriorityOnly(RealtimeRequest request) => request.Priority is { } p && TrySchedFifo(p);

    private static bool TrySchedFifo(int priority)
    {
        int param = priority;
        return LibC.SchedSetScheduler(0, LibC.SCHED_FIFO, &param) == 0;
    }

    private static (SchedulingPolicy Policy, int Priority) SetScheduler(int? priority, List<string> warnings)
    {
        if (priority is not { } p) return (SchedulingPolicy.Other, 0);
        if (TrySchedFifo(p)) return (SchedulingPolicy.Fifo, p);
        warnings.Add($"SCHED_FIFO priority {p} refused ({LibC.ErrorText(LibC.LastError)}): staying SCHED_OTHER; run as root or grant CAP_SYS_NICE / RLIMIT_RTPRIO");
        return (SchedulingPolicy.Other, 0);
    }

    private static bool SetAffinity(int cpu, List<string> warnings)
    {
        if (cpu < 0 || cpu >= MaxCpus)
        {
            warnings.Add($"CPU {cpu} is out of range: affinity left alone");
            return false;
        }
        var mask = stackalloc ulong[MaxCpus / 64];
        mask[cpu / 64] = 1UL << (cpu % 64);
        if (LibC.SchedSetAffinity(0, MaxCpus / 8, mask) == 0) return true;
        warnings.Add($"cannot pin to CPU {cpu} ({LibC.ErrorText(LibC.LastError)}): affinity left alone");
        return false;
    }

    private static long? SetTimerSlack(List<string> warnings)
    {
        // 1 ns, the smallest non-default value: 0 would mean "reset to the 50 µs default".
        if (LibC.Prctl(LibC.PR_SET_TIMERSLACK, 1, 0, 0, 0) == 0) return LibC.Prctl(LibC.PR_GET_TIMERSLACK, 0, 0, 0, 0);
        warnings.Add($"cannot set timer slack ({LibC.ErrorText(LibC.LastError)})");
        return null;
    }

    private static bool LockMemory(List<string> warnings)
    {
        if (LibC.MLockAll(LibC.MCL_CURRENT | LibC.MCL_FUTURE) == 0) return true;
        warnings.Add($"mlockall refused ({LibC.ErrorText(LibC.LastError)}): page faults may stall ticks; raise RLIMIT_MEMLOCK or grant CAP_IPC_LOCK");
        return false;
    }

    private static int HoldDmaLatency(List<string> warnings)
    {
        int fd = LibC.Open("/dev/cpu_dma_latency", LibC.O_WRONLY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            warnings.Add($"cannot open /dev/cpu_dma_latency ({LibC.ErrorText(LibC.LastError)}): deep C-states stay allowed");
            return -1;
        }
        int zero = 0;
        if (LibC.Write(fd, &zero, sizeof(int)) == sizeof(int)) return fd;
        warnings.Add($"cannot write /dev/cpu_dma_latency ({LibC.ErrorText(LibC.LastError)}): deep C-states stay allowed");
        LibC.Close(fd);
        return -1;
    }

    public void Dispose()
    {
        if (_dmaLatencyFd >= 0) LibC.Close(_dmaLatencyFd);
        _dmaLatencyFd = -1;
        if (_mlocked) LibC.MUnlockAll();
        _mlocked = false;
    }
}
