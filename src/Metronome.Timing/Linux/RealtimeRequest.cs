namespace Metronome.Timing.Linux;

/// <summary>What the tick thread should ask of the kernel before it starts ticking.</summary>
/// <param name="Priority">SCHED_FIFO priority (1..99); null stays SCHED_OTHER (--no-rt).</param>
/// <param name="Cpu">Pin the tick thread to this CPU; null leaves affinity alone.</param>
/// <param name="LockMemory">mlockall(MCL_CURRENT | MCL_FUTURE) so page faults cannot stall a tick.</param>
/// <param name="HoldDmaLatency">Hold /dev/cpu_dma_latency at 0 (no deep C-states) while running.</param>
/// <param name="MinimalTimerSlack">Set the thread's timer slack to 1 ns instead of the 50 µs default.</param>
internal sealed record RealtimeRequest(
    int? Priority = RealtimeRequest.DefaultPriority,
    int? Cpu = null,
    bool LockMemory = true,
    bool HoldDmaLatency = true,
    bool MinimalTimerSlack = true)
{
    public const int DefaultPriority = 80;

    /// <summary>Touch nothing: SCHED_OTHER, default slack, no locking (scripted runs, --no-rt style baselines).</summary>
    public static RealtimeRequest None { get; } = new(null, null, false, false, false);
}
