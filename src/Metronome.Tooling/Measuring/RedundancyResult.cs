using Metronome.Timing.Sources;

namespace Metronome.Tooling.Measuring;

/// <summary>How the ticks of a redundant run (<c>--cpu LIST</c>, two or more CPUs) were shared out.</summary>
/// <param name="StandbyDelayNs">How much later than the primary the standbys slept.</param>
/// <param name="Threads">One row per tick thread, the primary first.</param>
/// <param name="Handoffs">Claims by another thread than the one that made the claim before.</param>
/// <param name="NotUsualDeliveries">Claiming wake-ups of any thread but the one that claimed most: how often the first-woken was not the usual one.</param>
internal sealed record RedundancyResult(long StandbyDelayNs, IReadOnlyList<TickThreadShare> Threads, long Handoffs, long NotUsualDeliveries)
{
    /// <summary>Null for one thread; else the shares, with CPU % of each thread over <paramref name="wallNs"/>.</summary>
    public static RedundancyResult? From(TickGroup group, long wallNs)
    {
        if (!group.IsRedundant) return null;
        var claim = group.Claim;
        long ticks = 0, most = 0, deliveries = 0;
        for (int i = 0; i < group.Threads; i++)
        {
            ticks += claim.Ticks(i);
            deliveries += claim.Deliveries(i);
            most = Math.Max(most, claim.Deliveries(i));
        }
        var rows = Enumerable.Range(0, group.Threads).Select(i => new TickThreadShare(
            group.Cpus[i], i == 0, claim.Wakeups(i), claim.Deliveries(i), claim.Ticks(i),
            ticks == 0 ? 0 : 100.0 * claim.Ticks(i) / ticks,
            100.0 * group.ThreadCpuNs(i) / Math.Max(1, wallNs))).ToArray();
        return new RedundancyResult(group.StandbyDelayNs, rows, claim.Handoffs, deliveries - most);
    }
}

/// <summary>One tick thread of a redundant run.</summary>
/// <param name="Cpu">The CPU it was pinned to.</param>
/// <param name="Primary">The thread that sleeps to the deadline itself (the first CPU listed).</param>
/// <param name="Wakeups">Its wake-ups, delivering or not.</param>
/// <param name="Deliveries">Its wake-ups that found ticks unclaimed and claimed them (it was the first awake).</param>
/// <param name="Ticks">Ticks it claimed, missed ones included.</param>
/// <param name="TickSharePercent">Its share of all ticks delivered.</param>
/// <param name="CpuPercent">Its CPU time, % of one core.</param>
internal sealed record TickThreadShare(int? Cpu, bool Primary, long Wakeups, long Deliveries, long Ticks, double TickSharePercent, double CpuPercent);
