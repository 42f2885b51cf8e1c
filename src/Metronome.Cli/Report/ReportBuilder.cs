using System.Globalization;
using System.Text.Json;

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

    private static readonly string[] Levels = ["good", "warn", "bad"];

    public static ReportData Build(IReadOnlyList<ReportInput> inputs, ReportContext? context, string generator)
    {
        if (inputs.Count == 0) throw new ArgumentException("no inputs", nameof(inputs));
        var notes = new List<string>();
        var runs = new List<ReportRun>();
        var findings = new List<ReportFinding>();
        ReportInput? doctor = null;
        foreach (var input in inputs)
        {
            switch (input.Kind)
            {
                case ReportInput.Test:
                    runs.Add(TestRun(input, inputs.Count(i => i.Kind == ReportInput.Test) > 1, notes));
                    break;
                case ReportInput.Compare:
                    runs.AddRange(CompareRuns(input, notes));
                    break;
                case ReportInput.Doctor:
                    doctor ??= input;
                    findings.AddRange(Findings(input));
                    break;
            }
        }
        var causes = runs.SelectMany(r => r.Stalls).GroupBy(s => s.Cause)
            .Select(g => new ReportCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        var header = Header(inputs, runs, doctor, context);
        string title = "Metronome report: " + header.Source + (header.Host == NotRecorded ? "" : $" on {header.Host}");
        return new ReportData(title, generator, header, ReportRun.Columns, runs, causes, findings, notes);
    }

    private static ReportRun TestRun(ReportInput input, bool several, List<string> notes)
    {
        var r = input.Root;
        string label = r.Get("source").Str() ?? "unknown source";
        if (several) label += $" ({System.IO.Path.GetFileName(input.Name)})";
        var histogram = Histogram(r.Get("histogram"), r.Path("latency", "maxNs").Long());
        var timeline = Timeline([(0.0, r.Get("timeline"), r.Get("steal"))]);
        if (histogram is null || timeline is null)
            notes.Add($"{input.Name} was written by a metronome that did not save the {(histogram is null ? "latency histogram" : "time series")} (schema {input.SchemaVersion}): those charts leave it out.");
        var passes = r.Get("passes").Items().Select(p => p.Get("score").Num() ?? 0).ToList();
        var stalls = Stalls(r.Get("stalls"), timeline, 0);
        var latency = r.Get("latency");
        var summary = r.Get("summary");
        bool hasPasses = (summary?.Get("passes").Long() ?? 0) > 0;
        return new ReportRun(label, false,
        [
            Us(latency?.Get("p50Ns").Long()), Us(latency?.Get("p99Ns").Long()), Us(latency?.Get("p999Ns").Long()), Us(latency?.Get("maxNs").Long()),
            Int(r.Get("missedTicks").Long()),
            hasPasses ? Pct(summary?.Get("average").Num(), "0.0000") : "n/a",
            hasPasses ? Pct(summary?.Get("worst").Num(), "0.000") : "n/a",
            stalls.Count.ToString(C),
        ], histogram, timeline, passes, stalls);
    }

    private static IEnumerable<ReportRun> CompareRuns(ReportInput input, List<string> notes)
    {
        var comparison = input.Root.Get("comparison")!.Value;
        double seconds = comparison.Get("secondsPerRun").Num() ?? 0;
        bool missingData = false;
        foreach (var row in comparison.Get("rows").Items())
        {
            string name = row.Get("name").Str() ?? "?";
            bool peer = row.Get("isPeer").Bool() ?? false;
            var histogram = Histogram(row.Get("histogram"), row.Get("maxNs").Long());
            var runs = row.Get("runs").Items().ToList();
            var rounds = runs.Select(run => (Offset(run), run.Get("timeline"), run.Get("steal"))).ToList();
            var timeline = rounds.Count > 0 ? Timeline(rounds) : null;
            double Offset(JsonElement run) => ((run.Get("round").Long() ?? 1) - 1) * seconds;
            missingData |= histogram is null || (!peer && timeline is null);
            var passes = row.Get("passScores").Items().Select(p => p.Num() ?? 0).ToList();
            var stalls = runs.SelectMany(run => Stalls(run.Get("stalls"), Timeline([(Offset(run), run.Get("timeline"), null)]), Offset(run))).ToList();
            string? error = row.Get("error").Str();
            yield return new ReportRun(peer ? $"{name} (peer)" : name, peer,
            [
                Us(row.Get("p50Ns").Long()), Us(row.Get("p99Ns").Long()), Us(row.Get("p999Ns").Long()), Us(row.Get("maxNs").Long()),
                peer ? "n/a" : Int(row.Get("missedTicks").Long()),
                Pct(row.Get("dahdiAverage").Num(), "0.0000"), Pct(row.Get("dahdiWorst").Num(), "0.000"),
                peer ? "n/a" : stalls.Count.ToString(C),
            ], histogram, timeline, passes, stalls);
            if (error is not null) notes.Add($"{name}: {error}");
        }
        if (missingData)
            notes.Add($"{input.Name} was written by a metronome that did not save histograms or time series (schema {input.SchemaVersion}): those charts leave its sources out.");
        foreach (var n in comparison.Get("notes").Items()) if (n.ValueKind == JsonValueKind.String) notes.Add(n.GetString()!);
    }

    private static ReportHistogram? Histogram(JsonElement? h, long? maxNs)
    {
        if (h is null) return null;
        long binNs = h.Get("binNs").Long() ?? 1000;
        var us = new List<long>();
        var count = new List<long>();
        foreach (var bin in h.Get("bins").Items())
        {
            if (bin.ValueKind != JsonValueKind.Array || bin.GetArrayLength() != 2) continue;
            if (bin[0].ValueKind != JsonValueKind.Number || bin[1].ValueKind != JsonValueKind.Number) continue;
            us.Add(bin[0].GetInt64() * binNs / 1000);
            count.Add(bin[1].GetInt64());
        }
        long overflows = h.Get("overflows").Long() ?? 0;
        double max = (maxNs ?? h.Get("maxNs").Long() ?? 0) / 1000.0;
        return new ReportHistogram(us, count, Math.Round(max, 1), overflows);
    }

    /// <summary>Concatenates the time series of one or more runs (rounds), each shifted by its start in seconds.</summary>
    private static ReportTimeline? Timeline(IReadOnlyList<(double Offset, JsonElement? Timeline, JsonElement? Steal)> parts)
    {
        if (parts.All(p => p.Timeline is null)) return null;
        var seconds = new List<double>();
        var worst = new List<double?>();
        var missed = new List<long>();
        var stealSeconds = new List<double>();
        var steal = new List<double?>();
        foreach (var (offset, timeline, stealSeries) in parts)
        {
            foreach (var segment in timeline.Get("segments").Items())
            {
                long start = segment.Get("startNs").Long() ?? 0, interval = segment.Get("intervalNs").Long() ?? 1;
                var w = segment.Get("worstNs").Items().ToList();
                var m = segment.Get("missed").Items().ToList();
                for (int i = 0; i < w.Count; i++)
                {
                    seconds.Add(Math.Round(offset + (start + i * interval) / 1e9, 3));
                    worst.Add(w[i].ValueKind == JsonValueKind.Number ? Math.Round(w[i].GetDouble() / 1000.0, 1) : null);
                    missed.Add(i < m.Count && m[i].ValueKind == JsonValueKind.Number ? m[i].GetInt64() : 0);
                }
            }
            if (stealSeries is { } s)
            {
                long start = s.Get("startNs").Long() ?? 0, interval = s.Get("intervalNs").Long() ?? 1_000_000_000;
                int i = 0;
                foreach (var p in s.Get("percent").Items())
                {
                    // A sample covers the interval that ends at its time.
                    stealSeconds.Add(Math.Round(offset + (start + (i + 1) * interval) / 1e9, 3));
                    steal.Add(p.ValueKind == JsonValueKind.Number ? p.GetDouble() : null);
                    i++;
                }
            }
        }
        return new ReportTimeline(seconds, worst, missed, stealSeconds, steal);
    }

    /// <summary>
    /// The result's own stall list; for a result without one, the intervals of its time series whose
    /// worst wake-up was a stall (cause unknown: nothing was read at the time).
    /// </summary>
    private static List<ReportStall> Stalls(JsonElement? list, ReportTimeline? timeline, double offsetSeconds)
    {
        if (list is { ValueKind: JsonValueKind.Array })
            return [.. list.Items().Select(s => new ReportStall(
                Math.Round(offsetSeconds + (s.Get("offsetNs").Long() ?? 0) / 1e9, 3),
                Math.Round((s.Get("latenessNs").Long() ?? 0) / 1000.0, 1),
                s.Get("missedTicks").Long() ?? 0,
                s.Get("cause").Str() ?? "unknown",
                Evidence(s)))];
        var stalls = new List<ReportStall>();
        if (timeline is null) return stalls;
        for (int i = 0; i < timeline.Seconds.Count; i++)
            if (timeline.WorstUs[i] is { } w && w > StallUs)
                stalls.Add(new ReportStall(timeline.Seconds[i], w, timeline.Missed[i], "unknown", "from the time series: the result has no stall list"));
        return stalls;
    }

    /// <summary>The stall's evidence in words: run delay and steal over its window, where they could be read.</summary>
    private static string? Evidence(JsonElement s)
    {
        var parts = new List<string>();
        if (s.Get("runDelayNs").Long() is { } delay) parts.Add(string.Create(C, $"run delay {delay / 1000.0:0.#} µs"));
        if (s.Get("stealNs").Long() is { } steal) parts.Add(string.Create(C, $"steal {steal / 1000.0:0.#} µs"));
        if (s.Get("cpu").Long() is { } cpu) parts.Add($"CPU {cpu}");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static IEnumerable<ReportFinding> Findings(ReportInput input) =>
        input.Root.Get("findings").Items().Select(f => new ReportFinding(
            f.Get("id").Str() ?? "?", f.Get("status").Str() ?? "unknown", f.Get("observed").Str() ?? "", f.Get("why").Str() ?? "", f.Get("fix").Str()));

    private static ReportHeader Header(IReadOnlyList<ReportInput> inputs, List<ReportRun> runs, ReportInput? doctor, ReportContext? context)
    {
        string? First(Func<JsonElement, string?> read) => inputs.Select(i => read(i.Root)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        // What the results say first; what this host knows (a live --report) only for what they lack.
        // A doctor result about a snapshot or pasted evidence names what it inspected; hostname is then the reader's.
        string host = First(r => r.Get("subject").Str() is { } subject && subject != "this host" ? subject : null)
                      ?? First(r => r.Get("hostname").Str()) ?? context?.Host ?? NotRecorded;
        // A doctor result's own kernel is the inspected host's (host.kernel.release); its context's kernel is the reader's.
        string kernel = First(r => r.Get("findings") is null ? r.Get("kernel").Str() : r.Path("host", "kernel", "release").Str()) ?? context?.Kernel ?? NotRecorded;
        string hypervisor = First(r => Hypervisor(r.Get("host"))) ?? First(r => r.Get("hypervisor").Str()) ?? context?.Hypervisor ?? NotRecorded;
        string when = First(r => When(r.Get("startedAt").Str())) ?? context?.When ?? NotRecorded;

        var tests = inputs.Where(i => i.Kind == ReportInput.Test).ToList();
        var compare = inputs.FirstOrDefault(i => i.Kind == ReportInput.Compare);
        string source, duration, verdict, level;
        var primary = runs.FirstOrDefault(r => !r.IsPeer);
        if (compare is not null)
        {
            var c = compare.Root.Get("comparison")!.Value;
            int rows = c.Get("rows").Items().Count();
            source = "compare: " + string.Join(", ", runs.Select(r => r.Label));
            duration = Duration((c.Get("secondsPerRun").Num() ?? 0) * (c.Get("rounds").Long() ?? 1) * rows);
            verdict = "Recommendation: " + (c.Get("recommendation").Str() ?? "none");
            level = Level(primary);
        }
        else if (tests.Count > 0)
        {
            var t = tests[0].Root;
            source = $"{t.Get("source").Str()} at {t.Get("rate").Long()} Hz ({t.Path("realtime", "policy").Str() ?? "policy not recorded"})"
                     + (t.Get("load").Str() is { } load ? $", under load {load}" : "");
            duration = Duration((t.Get("durationNs").Long() ?? 0) / 1e9);
            level = Level(primary);
            verdict = level switch
            {
                "good" => "GOOD: every pass a definite pass and no wake-up 1 ms late",
                "warn" => "USABLE WITH CAVEATS: see the stalls and passes below",
                _ => "AUDIBLE TROUBLE: stalls long enough to be heard in a conference, or passes below dahdi_test's bands",
            };
        }
        else
        {
            var m = doctor!.Root.Get("measurement");
            source = m?.Get("source").Str() is { } s ? $"{s} ({m?.Get("policy").Str()})" : "no measurement";
            duration = m?.Get("seconds").Num() is { } secs ? Duration(secs) : "no measurement";
            verdict = "";
            level = "warn";
        }
        if (doctor is not null)
        {
            string v = doctor.Root.Get("verdict").Str() ?? "unknown";
            string doctorLevel = v switch { "ready" => "good", "unsuitable" => "bad", _ => "warn" }; // caveats, cannot-tell
            // The worse of the doctor's verdict and the measurement's, when there is one.
            level = runs.Count == 0 ? doctorLevel : Levels[Math.Max(Array.IndexOf(Levels, doctorLevel), Array.IndexOf(Levels, level))];
            string text = v switch
            {
                "ready" => "READY", "caveats" => "USABLE WITH CAVEATS", "cannot-tell" => "CANNOT TELL", "unsuitable" => "NOT SUITABLE",
                _ => v.ToUpperInvariant(),
            };
            verdict = $"Doctor: {text}" + (verdict.Length > 0 ? $". {verdict}" : "");
        }
        return new ReportHeader(host, kernel, hypervisor, source, when, duration, verdict, level, Meaning(primary, doctor));
    }

    /// <summary>An ISO 8601 UTC time as people read it ("2026-11-25 14:59:20 UTC"); other text as it is.</summary>
    private static string? When(string? iso) =>
        iso is null ? null
        : DateTime.TryParse(iso, C, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", C)
        : iso;

    private static string? Hypervisor(JsonElement? host)
    {
        if (host?.Get("virtualization").Str() is not { } v) return null;
        string text = v == "none" ? "none (bare metal)" : v;
        return host?.Get("container").Str() is { } c && c != "none" ? $"{text}, in a {c} container" : text;
    }

    /// <summary>good: every pass ≥ 99.99 and no wake-up 1 ms late; bad: a stall over 20 ms or a pass below 99.97; warn otherwise.</summary>
    private static string Level(ReportRun? run)
    {
        if (run is null) return "warn";
        double max = Parse(run.Figures[3]) ?? 0;
        double worstPass = run.Passes.Count > 0 ? run.Passes.Min() : 100;
        if (max >= MixingIntervalUs || worstPass < 99.97) return "bad";
        return max < StallUs && worstPass >= 99.99 ? "good" : "warn";
    }

    private static string Meaning(ReportRun? run, ReportInput? doctor)
    {
        const string Intro = "Asterisk's ConfBridge mixes every conference once every 20 ms, paced by this tick. A tick more than 20 ms late delays a mixing round past its slot: everyone in the conference hears a glitch. A missed tick is a mixing round's time lost, caught up in a burst.";
        double? max = run is null ? doctor?.Root.Path("measurement", "maxNs").Long() / 1000.0 : Parse(run.Figures[3]);
        string? missed = run is null ? doctor?.Root.Path("measurement", "missedTicks").Long()?.ToString(C) : run.Figures[4];
        if (max is null) return Intro;
        int audible = run?.Stalls.Count(s => s.LatencyUs >= MixingIntervalUs) ?? (max >= MixingIntervalUs ? 1 : 0);
        int stalls = run?.Stalls.Count ?? 0;
        string worst = max >= 1000 ? string.Create(C, $"{max / 1000.0:0.0} ms") : string.Create(C, $"{max:0} µs");
        string sentence = max >= MixingIntervalUs
            ? $" Here the worst tick was {worst} late: {audible} stall{(audible == 1 ? "" : "s")} over 20 ms, each an audible glitch on every call in a conference."
            : $" Here the worst tick was {worst} late, under 20 ms: no mixing round was pushed out of its slot" + (stalls > 0 ? $", though {stalls} stall{(stalls == 1 ? " over 1 ms shows" : "s over 1 ms show")} that the host can pause the tick." : ".");
        string lost = missed is null or "n/a" ? "" : $" {missed} tick{(missed == "1" ? " was" : "s were")} missed.";
        return Intro + sentence + lost;
    }

    private static string Duration(double seconds) =>
        seconds >= 3600 ? string.Create(C, $"{seconds / 3600:0.#} h")
        : seconds >= 120 ? string.Create(C, $"{seconds / 60:0.#} min")
        : string.Create(C, $"{seconds:0.#} s");

    private static string Us(long? ns) => ns is { } v ? (v / 1000).ToString(C) : "n/a";

    private static string Int(long? v) => v?.ToString(C) ?? "n/a";

    private static string Pct(double? v, string format) => v?.ToString(format, C) ?? "n/a";

    private static double? Parse(string figure) => double.TryParse(figure, NumberStyles.Float, C, out double v) ? v : null;
}
