namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>
/// One stall: a tick later than the threshold, or a wake-up that passed more than one deadline.
/// </summary>
/// <param name="AtUtc">Wall-clock time of the late wake-up (a label only; everything measured is monotonic).</param>
/// <param name="Tick">Index of the deadline the tick thread waited for (1 = the first after the origin).</param>
/// <param name="LatenessNs">Wake-up time minus that deadline.</param>
/// <param name="MissedTicks">Further deadlines that passed during the same wait.</param>
/// <param name="Cpu">The CPU the tick thread woke on; -1 when unknown.</param>
/// <param name="Cause">The attribution, from the evidence below.</param>
/// <param name="RunDelayNs">
/// Growth of the tick thread's run delay (/proc/thread-self/schedstat, field 2) over the evidence window,
/// less the run delay its ordinary wake-ups were expected to add in that window; -1 when unavailable.
/// </param>
/// <param name="StealNs">Rise of that CPU's steal time (/proc/stat) over the window, in ns (USER_HZ resolution); -1 when unavailable.</param>
/// <param name="WindowNs">The evidence window: from the baseline reading to the reading at the stall.</param>
/// <param name="GcCollections">Garbage collections in the window.</param>
internal readonly record struct Stall(
    DateTimeOffset AtUtc,
    long Tick,
    long LatenessNs,
    long MissedTicks,
    int Cpu,
    StallCause Cause,
    long RunDelayNs,
    long StealNs,
    long WindowNs,
    int GcCollections = 0);
