using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tooling.Host;

/// <summary>
/// The stalls of the doctor's measurement, by cause (docs/fleet.md says how each is decided).
/// <see cref="Quiet"/> counts the unexplained ones whose evidence shows the guest did nothing to cause them:
/// the tick thread's run delay stayed near zero (at most a tenth of the lateness) and the kernel saw no steal.
/// </summary>
internal sealed record DoctorStalls(long Count, long Runqueue, long Steal, long Gc, long Unexplained, long Quiet, long MaxLatenessNs)
{
    /// <summary>A stall whose run delay is at most this share of its lateness had the CPU when it wanted it.</summary>
    public const double NearZeroRunDelay = 0.1;

    public static DoctorStalls From(IReadOnlyList<StallRecord> stalls, long count)
    {
        long Of(StallCause cause) => stalls.LongCount(s => s.Cause == StallCauses.Name(cause));
        long quiet = stalls.LongCount(s => s.Cause == StallCauses.Name(StallCause.Unexplained)
            && s.RunDelayNs is { } delay && delay <= s.LatenessNs * NearZeroRunDelay && s.StealNs == 0);
        return new DoctorStalls(count, Of(StallCause.Runqueue), Of(StallCause.Steal), Of(StallCause.Gc), Of(StallCause.Unexplained), quiet,
            stalls.Count > 0 ? stalls.Max(s => s.LatenessNs) : 0);
    }
}
