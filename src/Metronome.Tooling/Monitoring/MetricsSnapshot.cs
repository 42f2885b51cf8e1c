using System.Runtime.InteropServices;
using Metronome.Tooling.Fuse;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// What the ticking process publishes for its exporter, as it lies in the shared page: running totals
/// only, so a reader that misses a publication loses nothing. Plain numbers, no references: it is copied
/// between processes byte for byte.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MetricsSnapshot
{
    /// <summary>One slot per exported lateness bucket and one for +Inf.</summary>
    public const int LatenessSlots = 14;

    /// <summary>One per <see cref="Measuring.Stalls.StallCause"/> value.</summary>
    public const int CauseSlots = 4;

    public const int Generations = 3;

    public long Ticks;
    public long MissedTicks;
    public long Wakeups;

    /// <summary>Wake-ups per exported bucket (not cumulative: slot i holds those above bound i-1 up to bound i).</summary>
    public fixed long LatenessCounts[LatenessSlots];

    /// <summary>The sum of those wake-ups' lateness, in seconds, per slot.</summary>
    public fixed double LatenessSums[LatenessSlots];

    public long Passes;
    public long PassesBelowGood;

    /// <summary>The last completed pass's score in percent (meaningless while <see cref="Passes"/> is 0).</summary>
    public double LastPassScore;

    /// <summary>Stalls by cause, indexed by the cause's value.</summary>
    public fixed long Stalls[CauseSlots];

    /// <summary>The ticking process's garbage collections by generation.</summary>
    public fixed long Collections[Generations];

    /// <summary>The ticking process's managed heap, in bytes.</summary>
    public long HeapBytes;

    public long PseudoChannels;
    public long TimerChannels;
    public long BlocksDelivered;
    public long BlocksLost;
    public long TimerEvents;

    /// <summary>metronome dahdi's requests, by kind and service time.</summary>
    public FuseRequestTotals Requests;
}
