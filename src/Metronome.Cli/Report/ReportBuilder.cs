using System.Globalization;
using Metronome.Cli.Output;
using Metronome.Tooling.Comparing;
using Metronome.Tooling.Host;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Report;

/// <summary>What the machine running a live `--report` knows that an older saved result may not carry.</summary>
internal sealed record ReportContext(string? Host, string? Kernel, string? Hypervisor, string? When);

/// <summary>
/// Turns saved results (test, compare, doctor; any number, in order) into the data the report page draws.
/// Fields a result lacks (older versions) are left out of the page with a note, never guessed.
/// </summary>
internal static class ReportBuilder
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>ConfBridge's mixing interval: a stall longer than this is an audible glitch.</summary>
    public const double MixingIntervalUs = 20_000;

    /// <summary>Lateness from which a wake-up counts as a stall when a result has no stall list of its own.</summary>
    public const double StallUs = 1_000;

    private const string NotRecorded = "not recorded";

    /// <summary>The subject of a doctor result about the host it ran on (<see cref="HostInspection.Subject"/>'s default).</summary>
    private const string ThisHost = "this host";

    public static ReportData Build(IReadOnlyList<ReportInput> inputs, ReportContext? context, string generator)
    {
        if (inputs.Count == 0) throw new ArgumentException("no inputs", nameof(inputs));
        var notes = new List<string>();
        var runs = new List<ReportRun>();
        var findings = new List<Finding>();
        DoctorDocument? doctor = null;
        bool severalTests = inputs.Count(i => i.Document is TestResultDocument) > 1;
        foreach (var input in inputs)
        {
            switch (input.Document)
            {
                case TestResultDocument test:
                    runs.Add(TestRun(input.Name, test, severalTests, notes));
                    break;
                case ComparisonDocument compare:
                    runs.AddRange(CompareRuns(input.Name, compare, notes));
                    break;
                case DoctorDocument d:
                    doctor ??= d;
                    findings.AddRange(d.Findings ?? []);
                    break;
            }
        }
        var causes = runs.SelectMany(r => r.Stalls).GroupBy(s => s.Cause)
            .Select(g => new ReportCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var header = Header(inputs, runs, doctor, context);
        string title = "Metronome report: " + header.Source + (header.Host == NotRecorded ? "" : $" on {header.Host}");
        return new ReportData(title, generator, header, ReportRun.Columns, runs, causes, findings, notes);
    }

    private static ReportRun TestRun(string name, TestResultDocument r, bool several, List<string> notes)
    {
        string label = r.Source.Name();
        if (several) label += $" ({System.IO.Path.GetFileName(name)})";
        var histogram = Histogram(r.Histogram, r.Latency?.MaxNs);
        var timeline = Timeline([(0.0, r.Timeline, r.Steal)]);
        if (histogram is null || timeline is null)
            notes.Add($"{name} was written by a metronome that did not save the {(histogram is null ? "latency histogram" : "time series")} (schema {r.SchemaVersion}): those charts leave it out.");
        var passes = (r.Passes ?? []).Select(p => p.Score).ToList();
        var stalls = Stalls(r.Stalls, timeline, 0);
        bool hasPasses = r.Summary?.Passes > 0;
        var latency = r.Latency;
        return new ReportRun(label, false,
            Cells(latency?.P50Ns, latency?.P99Ns, latency?.P999Ns, latency?.MaxNs, r.MissedTicks,
                hasPasses ? r.Summary!.Average : null, hasPasses ? r.Summary!.Worst : null, stalls.Count),
            histogram, timeline, passes, stalls)
        {
            MaxUs = latency?.MaxNs / 1000,
            MissedTicks = r.MissedTicks,
        };
    }

    private static IEnumerable<ReportRun> CompareRuns(string name, ComparisonDocument document, List<string> notes)
    {
        var comparison = document.Comparison;
        double seconds = comparison.SecondsPerRun;
        bool missingData = false;
        foreach (var row in comparison.Rows ?? [])
        {
            bool peer = row.IsPeer;
            var histogram = Histogram(row.Histogram, row.MaxNs);
            var runs = row.Runs ?? [];
            double Offset(ComparisonRun run) => (run.Round - 1) * seconds;
            var timeline = runs.Count > 0 ? Timeline([.. runs.Select(run => (Offset(run), (Timeline?)run.Timeline, (StealSeries?)run.Steal))]) : null;
            missingData |= histogram is null || (!peer && timeline is null);
            var stalls = runs.SelectMany(run => Stalls(run.Stalls, Timeline([(Offset(run), run.Timeline, null)]), Offset(run))).ToList();
            yield return new ReportRun(peer ? $"{row.Name} (peer)" : row.Name, peer,
                Cells(row.P50Ns, row.P99Ns, row.P999Ns, row.MaxNs, peer ? null : row.MissedTicks, row.DahdiAverage, row.DahdiWorst,
                    peer ? null : stalls.Count),
                histogram, timeline, row.PassScores ?? [], stalls)
            {
                MaxUs = row.MaxNs / 1000,
                MissedTicks = peer ? null : row.MissedTicks,
            };
            if (row.Error is not null) notes.Add($"{row.Name}: {row.Error}");
        }
        if (missingData)
            notes.Add($"{name} was written by a metronome that did not save histograms or time series (schema {document.SchemaVersion}): those charts leave its sources out.");
        notes.AddRange(comparison.Notes ?? []);
    }

    /// <summary>The summary table's cells, in <see cref="ReportRun.Columns"/> order: µs truncated as the console prints them; n/a where there is no figure.</summary>
    private static string[] Cells(long? p50Ns, long? p99Ns, long? p999Ns, long? maxNs, long? missed, double? dahdiAverage, double? dahdiWorst, int? stalls) =>
    [
        Us(p50Ns), Us(p99Ns), Us(p999Ns), Us(maxNs),
        missed?.ToString(C) ?? "n/a",
        dahdiAverage?.ToString("0.0000", C) ?? "n/a",
        dahdiWorst?.ToString("0.000", C) ?? "n/a",
        stalls?.ToString(C) ?? "n/a",
    ];

    private static ReportHistogram? Histogram(SparseHistogram? h, long? maxNs)
    {
        if (h is null) return null;
        var us = new List<long>();
        var count = new List<long>();
        foreach (var bin in h.Bins ?? [])
        {
            if (bin.Length != 2) continue;
            us.Add(bin[0] * h.BinNs / 1000);
            count.Add(bin[1]);
        }
        double max = (maxNs ?? h.MaxNs ?? 0) / 1000.0;
        return new ReportHistogram(us, count, Math.Round(max, 1), h.Overflows);
    }

    /// <summary>Concatenates the time series of one or more runs (rounds), each shifted by its start in seconds.</summary>
    private static ReportTimeline? Timeline(IReadOnlyList<(double Offset, Timeline? Timeline, StealSeries? Steal)> parts)
    {
        if (parts.All(p => p.Timeline is null)) return null;
        var seconds = new List<double>();
        var worst = new List<double?>();
        var missed = new List<long>();
        var stealSeconds = new List<double>();
        var steal = new List<double?>();
        foreach (var (offset, timeline, stealSeries) in parts)
        {
            foreach (var segment in timeline?.Segments ?? [])
            {
                var w = segment.WorstNs ?? [];
                var m = segment.Missed ?? [];
                for (int i = 0; i < w.Count; i++)
                {
                    seconds.Add(Math.Round(offset + (segment.StartNs + i * segment.IntervalNs) / 1e9, 3));
                    worst.Add(w[i] is { } ns ? Math.Round(ns / 1000.0, 1) : null);
                    missed.Add(i < m.Count ? m[i] : 0);
                }
            }
            if (stealSeries is { } s)
            {
                var percent = s.Percent ?? [];
                // A sample covers the interval that ends at its time.
                for (int i = 0; i < percent.Count; i++)
                {
                    stealSeconds.Add(Math.Round(offset + (s.StartNs + (i + 1) * s.IntervalNs) / 1e9, 3));
                    steal.Add(percent[i]);
                }
            }
        }
        return new ReportTimeline(seconds, worst, missed, stealSeconds, steal);
    }

    /// <summary>
    /// The result's own stall list; for a result without one, the intervals of its time series whose
    /// worst wake-up was a stall (cause unknown: nothing was read at the time).
    /// </summary>
    private static List<ReportStall> Stalls(IReadOnlyList<StallRecord>? list, ReportTimeline? timeline, double offsetSeconds)
    {
        if (list is not null)
            return [.. list.Select(s => new ReportStall(
                Math.Round(offsetSeconds + s.OffsetNs / 1e9, 3),
                Math.Round(s.LatenessNs / 1000.0, 1),
                s.MissedTicks,
                s.Cause ?? "unknown",
                Evidence(s)))];
        var stalls = new List<ReportStall>();
        if (timeline is null) return stalls;
        for (int i = 0; i < timeline.Seconds.Count; i++)
            if (timeline.WorstUs[i] is { } w && w > StallUs)
                stalls.Add(new ReportStall(timeline.Seconds[i], w, timeline.Missed[i], "unknown", "from the time series: the result has no stall list"));
        return stalls;
    }

    /// <summary>The stall's evidence in words: run delay and steal over its window, where they could be read.</summary>
    private static string? Evidence(StallRecord s)
    {
        var parts = new List<string>();
        if (s.RunDelayNs is { } delay) parts.Add(string.Create(C, $"run delay {delay / 1000.0:0.#} µs"));
        if (s.StealNs is { } steal) parts.Add(string.Create(C, $"steal {steal / 1000.0:0.#} µs"));
        if (s.Cpu is { } cpu) parts.Add($"CPU {cpu}");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static ReportHeader Header(IReadOnlyList<ReportInput> inputs, List<ReportRun> runs, DoctorDocument? doctor, ReportContext? context)
    {
        string? First(Func<ResultDocument, string?> read) => inputs.Select(i => read(i.Document)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        // What the results say first; what this host knows (a live --report) only for what they lack.
        // A doctor result about a snapshot or pasted evidence names what it inspected; hostname is then the reader's.
        string host = First(d => d is DoctorDocument { Subject: { } subject } && subject != ThisHost ? subject : null)
                      ?? First(d => d.Hostname) ?? context?.Host ?? NotRecorded;
        // A doctor result's own kernel is the inspected host's (host.kernel.release); its context's kernel is the reader's.
        string kernel = First(d => d is DoctorDocument doc ? doc.Host?.Kernel?.Release : d.Kernel) ?? context?.Kernel ?? NotRecorded;
        string hypervisor = First(d => d is DoctorDocument { Host: { } facts } ? Hypervisor(facts) : null) ?? context?.Hypervisor ?? NotRecorded;
        string when = First(d => d.StartedAt is { } t ? When(t) : null) ?? context?.When ?? NotRecorded;

        var test = inputs.Select(i => i.Document).OfType<TestResultDocument>().FirstOrDefault();
        var compare = inputs.Select(i => i.Document).OfType<ComparisonDocument>().FirstOrDefault();
        string source, duration, verdict;
        ReportLevel level;
        var primary = runs.FirstOrDefault(r => !r.IsPeer);
        if (compare is not null)
        {
            var c = compare.Comparison;
            source = "compare: " + string.Join(", ", runs.Select(r => r.Label));
            duration = Duration(c.SecondsPerRun * c.Rounds * (c.Rows?.Count ?? 0));
            verdict = "Recommendation: " + (c.Recommendation ?? "none");
            level = Level(primary);
        }
        else if (test is not null)
        {
            source = $"{test.Source.Name()} at {test.Rate} Hz ({(test.Realtime is { } rt ? rt.Policy.Name() : "policy not recorded")})"
                     + (test.Load is { } load ? $", under load {load}" : "");
            duration = Duration(test.DurationNs / 1e9);
            level = Level(primary);
            verdict = level switch
            {
                ReportLevel.Good => "GOOD: every pass a definite pass and no wake-up 1 ms late",
                ReportLevel.Warn => "USABLE WITH CAVEATS: see the stalls and passes below",
                _ => "AUDIBLE TROUBLE: stalls long enough to be heard in a conference, or passes below dahdi_test's bands",
            };
        }
        else
        {
            var m = doctor!.Measurement;
            source = m is not null ? $"{m.Source} ({m.Policy})" : "no measurement";
            duration = m is not null ? Duration(m.Seconds) : "no measurement";
            verdict = "";
            level = ReportLevel.Warn;
        }
        if (doctor is not null)
        {
            var doctorLevel = doctor.Verdict switch
            {
                DoctorVerdict.Ready => ReportLevel.Good,
                DoctorVerdict.Unsuitable => ReportLevel.Bad,
                _ => ReportLevel.Warn, // caveats, cannot-tell
            };
            // The worse of the doctor's verdict and the measurement's, when there is one.
            level = runs.Count == 0 ? doctorLevel : (ReportLevel)Math.Max((int)doctorLevel, (int)level);
            verdict = $"Doctor: {doctor.Verdict.Headline()}" + (verdict.Length > 0 ? $". {verdict}" : "");
        }
        return new ReportHeader(host, kernel, hypervisor, source, when, duration, verdict, level, Meaning(primary, doctor));
    }

    /// <summary>A time as people read it: "2026-11-25 14:59:20 UTC" (a time without a zone is taken as UTC).</summary>
    private static string When(DateTime at) =>
        (at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", C);

    /// <summary>A host's hypervisor in words, with its container: "kvm, in a docker container", "none (bare metal)"; null when not recorded.</summary>
    public static string? Hypervisor(HostFacts facts)
    {
        if (facts.Virtualization is not { } virtualization) return null;
        string text = virtualization == "none" ? "none (bare metal)" : virtualization;
        return facts.Container is { } c && c != "none" ? $"{text}, in a {c} container" : text;
    }

    /// <summary>good: every pass ≥ 99.99 and no wake-up 1 ms late; bad: a stall over 20 ms or a pass below 99.97; warn otherwise.</summary>
    private static ReportLevel Level(ReportRun? run)
    {
        if (run is null) return ReportLevel.Warn;
        double max = run.MaxUs ?? 0;
        double worstPass = run.Passes.Count > 0 ? run.Passes.Min() : 100;
        if (max >= MixingIntervalUs || worstPass < 99.97) return ReportLevel.Bad;
        return max < StallUs && worstPass >= 99.99 ? ReportLevel.Good : ReportLevel.Warn;
    }

    private static string Meaning(ReportRun? run, DoctorDocument? doctor)
    {
        const string Intro = "Asterisk's ConfBridge mixes every conference once every 20 ms, paced by this tick. A tick more than 20 ms late delays a mixing round past its slot: everyone in the conference hears a glitch. A missed tick is a mixing round's time lost, caught up in a burst.";
        double? max = run is null ? doctor?.Measurement?.MaxNs / 1000.0 : run.MaxUs;
        long? missed = run is null ? doctor?.Measurement?.MissedTicks : run.MissedTicks;
        if (max is null) return Intro;
        int audible = run?.Stalls.Count(s => s.LatencyUs >= MixingIntervalUs) ?? (max >= MixingIntervalUs ? 1 : 0);
        int stalls = run?.Stalls.Count ?? 0;
        string worst = max >= 1000 ? string.Create(C, $"{max / 1000.0:0.0} ms") : string.Create(C, $"{max:0} µs");
        string sentence = max >= MixingIntervalUs
            ? $" Here the worst tick was {worst} late: {audible} stall{(audible == 1 ? "" : "s")} over 20 ms, each an audible glitch on every call in a conference."
            : $" Here the worst tick was {worst} late, under 20 ms: no mixing round was pushed out of its slot" + (stalls > 0 ? $", though {stalls} stall{(stalls == 1 ? " over 1 ms shows" : "s over 1 ms show")} that the host can pause the tick." : ".");
        string lost = missed is { } m ? $" {m.ToString(C)} tick{(m == 1 ? " was" : "s were")} missed." : "";
        return Intro + sentence + lost;
    }

    private static string Duration(double seconds) =>
        seconds >= 3600 ? string.Create(C, $"{seconds / 3600:0.#} h")
        : seconds >= 120 ? string.Create(C, $"{seconds / 60:0.#} min")
        : string.Create(C, $"{seconds:0.#} s");

    private static string Us(long? ns) => ns is { } v ? (v / 1000).ToString(C) : "n/a";
}
