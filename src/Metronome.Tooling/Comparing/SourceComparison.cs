using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;
using Metronome.Timing.Statistics;

namespace Metronome.Tooling.Comparing;

/// <summary>
/// Runs every source in turn, round after round, so drift on a noisy host hits all of them alike, and
/// pools each source's rounds: one merged histogram (exact pooled percentiles), every pass, the sum of
/// missed ticks and bytes, the mean CPU. A cancelled comparison keeps what it measured.
/// </summary>
internal static class SourceComparison
{
    /// <param name="source">Null for the peer.</param>
    private sealed class Pool(string name, ComparedSource? source)
    {
        public readonly string Name = name;
        public readonly ComparedSource? Source = source;
        public readonly LatencyHistogram Histogram = new();
        public readonly List<PassResult> Passes = [];
        public readonly List<ComparisonRun> Runs = [];
        public int Rounds;
        public long Missed, Allocated;
        public double Cpu;
        public string? Error;
    }

    /// <param name="progress">Told what runs next ("round 1/3: timerfd"), for the operator's benefit.</param>
    public static ComparisonResult Run(ComparisonOptions o, string? load, Action<string> progress, CancellationToken cancel)
    {
        var notes = new List<string>();
        string? cyclictest = null;
        if (o.WithCyclictest && (cyclictest = CyclictestPeer.Find()) is null)
            notes.Add("cyclictest is not installed (Debian: apt-get install rt-tests): its peer row is left out");
        var pools = o.Sources.Select(s => new Pool(s.Name, s)).ToList();
        var peer = cyclictest is null ? null : new Pool("cyclictest", null);
        var policy = SchedulingPolicy.Other;
        var hostBefore = CpuTimes.Read();

        for (int round = 1; round <= o.Rounds && !cancel.IsCancellationRequested; round++)
        {
            foreach (var pool in pools.Where(p => p.Error is null))
            {
                if (cancel.IsCancellationRequested) break;
                progress($"round {round}/{o.Rounds}: {pool.Name}");
                policy = RunSource(pool, o, cancel) ?? policy;
            }
            if (peer is { Error: null } && !cancel.IsCancellationRequested)
            {
                progress($"round {round}/{o.Rounds}: cyclictest");
                var (h, cpu, error) = CyclictestPeer.Run(cyclictest!, o.Rate, o.SecondsPerRun, o.Realtime.Priority);
                if (error is not null) peer.Error = error;
                else
                {
                    peer.Histogram.Add(h);
                    peer.Cpu += cpu;
                    peer.Rounds++;
                }
            }
        }

        var hostAfter = CpuTimes.Read();
        var rows = pools.Select(p => ToRow(p, isPeer: false)).ToList();
        if (peer is not null) rows.Add(ToRow(peer, isPeer: true));
        var ranked = ComparisonRanking.Rank(rows);
        if (cancel.IsCancellationRequested) notes.Add("stopped early: the figures cover the runs done");
        return new ComparisonResult(o.Rate, o.SecondsPerRun, o.Rounds, policy, load,
            CpuTimes.BusyPercent(hostBefore, hostAfter),
            CpuTimes.StealPercent(hostBefore, hostAfter),
            ranked, ComparisonRanking.Recommend(ranked), notes);
    }

    /// <summary>One run of one source into its pool; returns the scheduling policy it got.</summary>
    private static SchedulingPolicy? RunSource(Pool pool, ComparisonOptions o, CancellationToken cancel)
    {
        try
        {
            var compared = pool.Source!.Value;
            using var source = TickGroup.Open(compared.Kind, new TickSourceOptions(o.Rate, o.SpinUs), compared.OnAllCpus ? CpuList.Allowed() : null, o.StandbyUs);
            using var stalls = new StallDetector();
            using var run = new TickRun(source, new TickRunOptions(o.Realtime, Duration: TimeSpan.FromSeconds(o.SecondsPerRun), Stalls: stalls));
            using var stop = cancel.Register(run.RequestStop);
            var realtime = run.Start();
            var r = run.Wait();
            if (r.Error is not null) pool.Error = r.Error;
            pool.Histogram.Add(r.Histogram);
            pool.Passes.AddRange(r.Passes);
            pool.Runs.Add(new ComparisonRun(pool.Rounds + 1, r.Timeline, r.Steal, r.Stalls));
            pool.Missed += r.MissedTicks;
            pool.Allocated += r.AllocatedBytes;
            pool.Cpu += r.TickThreadCpuPercent;
            pool.Rounds++;
            return realtime.Policy;
        }
        catch (TickSourceException e)
        {
            pool.Error = e.Message;
            return null;
        }
    }

    private static ComparisonRow ToRow(Pool p, bool isPeer)
    {
        var stats = LatencyStats.From(p.Histogram);
        var summary = DahdiSummary.From(p.Passes);
        bool ran = p.Rounds > 0;
        return new ComparisonRow(p.Name, isPeer, p.Rounds, stats.P50Ns, stats.P99Ns, stats.P999Ns, stats.MaxNs,
            isPeer ? null : p.Missed,
            isPeer || summary.Passes == 0 ? null : summary.Average,
            isPeer || summary.Passes == 0 ? null : summary.Worst,
            ran ? p.Cpu / p.Rounds : 0,
            isPeer ? null : p.Allocated,
            ran || p.Error is not null ? p.Error : "did not run")
        {
            Kind = p.Source?.Kind,
            Histogram = SparseHistogram.From(p.Histogram),
            PassScores = [.. p.Passes.Select(x => x.Score)],
            Runs = p.Runs,
        };
    }
}
