using System.Globalization;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>
/// A <see cref="Stall"/> as a saved result keeps it: the stall log's fields (<see cref="StallJson"/>), with
/// the evidence that could not be read as null, plus <paramref name="OffsetNs"/>, when it happened on the
/// run's own clock (the late wake-up, after the schedule origin), which is what a timeline is drawn against.
/// </summary>
internal sealed record StallRecord(
    string At, long Tick, long OffsetNs, long LatenessNs, long MissedTicks, int? Cpu, string Cause,
    long? RunDelayNs, long? StealNs, long WindowNs)
{
    public static StallRecord From(in Stall s, TickSchedule schedule) => new(
        s.AtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        s.Tick, schedule.DeadlineNs(s.Tick) - schedule.OriginNs + s.LatenessNs, s.LatenessNs, s.MissedTicks,
        s.Cpu < 0 ? null : s.Cpu, StallCauses.Name(s.Cause),
        s.RunDelayNs < 0 ? null : s.RunDelayNs, s.StealNs < 0 ? null : s.StealNs, s.WindowNs);

    /// <summary>The stalls a detector still holds (its ring keeps the latest <see cref="StallDetector.Capacity"/>).</summary>
    public static IReadOnlyList<StallRecord> All(StallDetector? detector, TickSchedule schedule)
    {
        if (detector is null) return [];
        var list = new List<StallRecord>();
        for (long i = detector.OldestAvailable; i < detector.Count; i++)
            if (detector.TryGet(i, out var s)) list.Add(From(s, schedule));
        return list;
    }
}
