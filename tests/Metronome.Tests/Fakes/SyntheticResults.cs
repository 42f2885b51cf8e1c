using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Tooling.Comparing;
using Metronome.Tooling.Host;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Fakes;

/// <summary>
/// Results made on scripted time, for the report's golden and browser tests: every wake-up goes through the
/// real recorder (histogram, passes, bounded time series), with deterministic lateness and stalls placed
/// at known times with known causes. Shared with the integration tests (linked there).
/// </summary>
internal static class SyntheticResults
{
    public const long Origin = 1_000_000_000_000;

    /// <summary>The context every synthetic result carries: fixed, so golden files do not depend on the machine or the day.</summary>
    public static readonly RunContext Context = new(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc), "pbx-synthetic", "6.1.0-synthetic",
        "0.0.0-synthetic", "metronome test (synthetic)");

    /// <summary>A stall to script: at <paramref name="Second"/> into the run, this late, with this cause.</summary>
    public sealed record ScriptedStall(double Second, long LatenessNs, StallCause Cause);

    public static readonly ScriptedStall[] TenMinuteStalls =
    [
        new(61.5, 4_200_000, StallCause.Steal),
        new(200.25, 1_300_000, StallCause.Runqueue),
        new(333.3, 20_900_000, StallCause.Steal),
        new(512.0, 2_500_000, StallCause.Unexplained),
    ];

    /// <summary>A `test --json` document of <paramref name="seconds"/> at 1 kHz with the given stalls.</summary>
    public static string TestJson(int seconds, IReadOnlyList<ScriptedStall> stalls, TickSourceKind source = TickSourceKind.TimerFd) =>
        JsonSerializer.Serialize(TestDocument(seconds, stalls, source), MetronomeJsonContext.Default.TestResultDocument);

    public static TestResultDocument TestDocument(int seconds, IReadOnlyList<ScriptedStall> stalls, TickSourceKind source = TickSourceKind.TimerFd) =>
        TestResultDocument.From(Context, Run(seconds, stalls, source, seed: 7), null, null);

    /// <summary>A `compare --json` document: three sources and a cyclictest peer, one round of <paramref name="seconds"/> each.</summary>
    public static string CompareJson(int seconds)
    {
        var rows = new List<ComparisonRow>();
        TickSourceKind[] kinds = [TickSourceKind.Hybrid, TickSourceKind.Nanosleep, TickSourceKind.TimerFd];
        for (int i = 0; i < kinds.Length; i++)
        {
            var r = Run(seconds, i == 2 ? [new ScriptedStall(seconds / 2.0, 1_600_000, StallCause.Runqueue)] : [], kinds[i], seed: 11 + i, baseUs: i == 0 ? 0 : 12 + 6 * i);
            rows.Add(new ComparisonRow(kinds[i].Name(), false, 1, r.Latency.P50Ns, r.Latency.P99Ns, r.Latency.P999Ns, r.Latency.MaxNs,
                r.MissedTicks, r.Summary.Average, r.Summary.Worst, i == 0 ? 9.6 : 1.5, 0, null)
            {
                Kind = kinds[i],
                Histogram = SparseHistogram.From(r.Histogram),
                PassScores = [.. r.Passes.Select(p => p.Score)],
                Runs = [new ComparisonRun(1, r.Timeline, r.Steal, r.Stalls)],
            });
        }
        var peer = Run(seconds, [], TickSourceKind.TimerFd, seed: 5, baseUs: 14); // its lateness only: cyclictest is no source of ours
        rows.Add(new ComparisonRow("cyclictest", true, 1, peer.Latency.P50Ns, peer.Latency.P99Ns, peer.Latency.P999Ns, peer.Latency.MaxNs,
            null, null, null, 1.4, null, null) { Histogram = SparseHistogram.From(peer.Histogram) });
        var ranked = ComparisonRanking.Rank(rows);
        var result = new ComparisonResult(1000, seconds, 1, SchedulingPolicy.Fifo, null, 1.6, 0.05, ranked, ComparisonRanking.Recommend(ranked), []);
        return JsonSerializer.Serialize(new ComparisonDocument(result) { Context = Context }, MetronomeJsonContext.Default.ComparisonDocument);
    }

    /// <summary>A `doctor --json` document with a warning and a measurement.</summary>
    public static string DoctorJson()
    {
        var findings = new List<Finding>
        {
            new("clocksource", FindingStatus.Ok, "clocksource tsc", "A stable, cheap clock.", null),
            new("preemption", FindingStatus.Warn, "preemption none", "A long kernel path can hold the CPU for milliseconds.", "Boot with preempt=full."),
            new("steal", FindingStatus.Ok, "steal 0.10% during the measuring window", "Steal is time the hypervisor gave elsewhere.", null),
        };
        var facts = new HostFacts("kvm", "docker", new ClocksourceFacts("tsc", ["tsc", "kvm-clock"]), new ClockEventFacts([], null, []),
            new HighResolutionFacts(true, 1), 250, "none", new TimerDeviceFacts(false, null, null), new TimerDeviceFacts(false, null, null), false,
            new KernelFacts("6.1.0-synthetic", "#1 SMP"), new StealFacts(0.1),
            new RealtimeCapabilityFacts(true, "unlimited", "unlimited", true, 950000, 1000000, "", null),
            new KernelLogFacts(true, [], false, null), new DahdiFacts([], [], null), new AsteriskFacts(false, [], [], null));
        var measurement = new DoctorMeasurement("timerfd", "SCHED_FIFO", 5, 4, 99.999, 99.998, 65_000, 2_755_000, 5000, 4, 0.1, 1.5, null);
        var doc = new DoctorDocument(Verdict.From(findings), "this host", [], findings, [], facts, new Dictionary<string, string>(), measurement) { Context = Context };
        return JsonSerializer.Serialize(doc, MetronomeJsonContext.Default.DoctorDocument);
    }

    /// <summary>
    /// <paramref name="seconds"/> of 1 kHz ticks through the real recorder: lateness base + a deterministic
    /// 0..40 µs jitter, and each scripted stall as one late wake-up that also passed the deadlines it covered.
    /// </summary>
    public static RunResult Run(int seconds, IReadOnlyList<ScriptedStall> stalls, TickSourceKind source, int seed, int baseUs = 18)
    {
        var schedule = new TickSchedule(Origin, 1000);
        var timeline = new RunTimeline(TimeSpan.FromSeconds(seconds));
        var recorder = new TickRecorder(schedule) { Timeline = timeline };
        var stallRecords = new List<StallRecord>();
        var pending = stalls.OrderBy(s => s.Second).ToList();
        uint state = (uint)seed;
        long total = seconds * 1000L;
        while (recorder.Ticks < total)
        {
            long next = recorder.Ticks + 1;
            long lateness;
            int elapsed = 1;
            if (pending.Count > 0 && next >= (long)(pending[0].Second * 1000))
            {
                var s = pending[0];
                pending.RemoveAt(0);
                lateness = s.LatenessNs;
                elapsed = (int)(s.LatenessNs / 1_000_000) + 1;
                var stall = new Stall(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddSeconds(s.Second), next, lateness, elapsed - 1, 0, s.Cause,
                    s.Cause == StallCause.Runqueue ? lateness * 9 / 10 : 0, s.Cause == StallCause.Steal ? lateness / 10_000_000 * 10_000_000 + 10_000_000 : 0, 1_000_000_000);
                stallRecords.Add(StallRecord.From(stall, schedule));
            }
            else
            {
                state = state * 1_664_525 + 1_013_904_223;
                lateness = baseUs * 1000L + (state >> 8) % 40_000;
            }
            recorder.OnWake(elapsed, schedule.DeadlineNs(next) + lateness);
        }
        var steal = new StealTimeline(seconds + 4);
        steal.Start(new CpuTimes(0, 0, 0, 0, 0, 0, 0, 0));
        long cumulativeSteal = 0;
        for (int i = 0; i < seconds; i++)
        {
            // 200 USER_HZ ticks a second (2 CPUs): 3% steal in the seconds around a steal stall, 0.5% every tenth second.
            cumulativeSteal += stalls.Any(s => s.Cause == StallCause.Steal && Math.Abs(s.Second - i) < 3) ? 6 : i % 10 == 0 ? 1 : 0;
            steal.Add(i, new CpuTimes((i + 1) * 200 - cumulativeSteal, 0, 0, 0, 0, 0, 0, cumulativeSteal));
        }
        var passes = recorder.Passes.Snapshot();
        return new RunResult(source, 1000, new RealtimeReport(SchedulingPolicy.Fifo, 80, true, null, 0, true, []),
            passes, DahdiSummary.From(passes), LatencyStats.From(recorder.Histogram), recorder.Histogram,
            recorder.Ticks, recorder.Wakeups, recorder.MissedTicks, recorder.LastWakeNs - Origin,
            1.4, 1.2, 0.1, 1.5, 0, 0, 0, null)
        {
            Timeline = timeline.Snapshot(),
            Steal = steal.Snapshot(),
            Stalls = stallRecords,
            StallCount = stallRecords.Count,
        };
    }
}
