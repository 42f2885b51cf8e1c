namespace Metronome.Timing.Linux;

/// <summary>The kernel's names of the policies: what JSON, the console and metric labels say.</summary>
internal static class SchedulingPolicies
{
    public const string OtherName = "SCHED_OTHER";
    public const string FifoName = "SCHED_FIFO";

    public static string Name(this SchedulingPolicy policy) => policy == SchedulingPolicy.Fifo ? FifoName : OtherName;
}
