namespace Metronome.Timing.Linux;

/// <summary>The calling thread's own CPU time (getrusage RUSAGE_THREAD), user and system.</summary>
internal static class ThreadCpu
{
    /// <summary>Nanoseconds of CPU the calling thread has used; 0 if the kernel will not say.</summary>
    public static unsafe long Ns()
    {
        RUsage usage;
        return LibC.GetRUsage(LibC.RUSAGE_THREAD, &usage) == 0 ? usage.CpuNs : 0;
    }
}
