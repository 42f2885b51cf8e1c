using System.Runtime.InteropServices;

namespace RtpPacer;

/// <summary>
/// SCHED_FIFO for the calling thread. The ticker's thread gets its priority from TickerOptions; the
/// threads around it (the one consuming the ticks, the receiver measuring arrivals) are the
/// application's to raise, or a busy host delays them and the measurement sees that delay instead of
/// the timer's.
/// </summary>
internal static unsafe partial class RealtimeThread
{
    private const int SchedFifo = 1;

    /// <summary>True when the calling thread is now SCHED_FIFO at <paramref name="priority"/>.</summary>
    public static bool TrySetFifo(int priority)
    {
        if (!OperatingSystem.IsLinux()) return false;
        int param = priority;
        return SchedSetScheduler(0, SchedFifo, &param) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SchedSetScheduler(int pid, int policy, int* param);
}
