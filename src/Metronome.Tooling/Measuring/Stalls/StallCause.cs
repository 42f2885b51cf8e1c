namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>Why a tick was late, from evidence read when the stall happened.</summary>
internal enum StallCause
{
    /// <summary>The tick thread was runnable but another task held its CPU: its run delay grew by most of the lateness.</summary>
    Runqueue,

    /// <summary>The vCPU was not running: that CPU's steal time in /proc/stat rose around the stall.</summary>
    Steal,

    /// <summary>Neither; the numbers are kept in the record.</summary>
    Unexplained,

    /// <summary>
    /// Not the run queue, not steal, but a garbage collection ran in the window: a collection stops every
    /// managed thread, and the tick thread cannot return from its wait until it is over.
    /// </summary>
    Gc,
}

/// <summary>The causes' names as they appear in JSON, logs and metric labels.</summary>
internal static class StallCauses
{
    public static readonly StallCause[] All = [StallCause.Runqueue, StallCause.Steal, StallCause.Gc, StallCause.Unexplained];

    public static string Name(StallCause cause) => cause switch
    {
        StallCause.Runqueue => "runqueue",
        StallCause.Steal => "steal",
        StallCause.Gc => "gc",
        _ => "unexplained",
    };
}
