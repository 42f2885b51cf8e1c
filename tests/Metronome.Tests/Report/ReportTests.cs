using System.Text;
using System.Text.Json.Nodes;
using Metronome.Cli;
using Metronome.Cli.Output;
using Metronome.Cli.Report;
using Metronome.Tooling.Measuring;
using Metronome.Tests.Fakes;
using Metronome.Tests.Support;

namespace Metronome.Tests.Report;

public class ReportTests
{
    private static readonly SyntheticResults.ScriptedStall[] TwoStalls =
    [
        new(3.5, 4_200_000, Metronome.Tooling.Measuring.Stalls.StallCause.Steal),
        new(8.0, 25_000_000, Metronome.Tooling.Measuring.Stalls.StallCause.Runqueue),
    ];

    private static ReportData Build(params (string Name, string Json)[] files) =>
        ReportBuilder.Build([.. files.Select(f => ReportInput.Parse(f.Name, f.Json))], null, "metronome (test)");

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = MetronomeCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("test-12s")]
    [InlineData("compare-3s")]
    [InlineData("doctor")]
    public void Given_a_scripted_result_When_its_report_data_is_built_Then_it_matches_the_golden_file(string name)
    {
        string json = name switch
        {
            "test-12s" => SyntheticResults.TestJson(12, TwoStalls),
            "compare-3s" => SyntheticResults.CompareJson(3),
            _ => SyntheticResults.DoctorJson(),
        };
        string actual = JsonNode.Parse(ReportHtml.DataJson(Build(($"{name}.json", json))))!.ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        Golden.Check($"Report/Golden/{name}.report.json", actual);
    }

    [Fact]
    public void Given_a_run_with_two_stalls_When_built_Then_the_timeline_marks_them_with_their_causes_and_the_verdict_names_the_audible_one()
    {
        var data = Build(("t.json", SyntheticResults.TestJson(12, TwoStalls)));

        var run = Assert.Single(data.Runs);
        Assert.Equal([3.504, 8.025], run.Stalls.Select(s => s.Seconds));
        Assert.Equal(["steal", "runqueue"], run.Stalls.Select(s => s.Cause));
        Assert.Equal(121, run.Timeline!.Seconds.Count); // the last wake-up (12.000 s + its lateness) opens slot 120
        Assert.Equal(25_000.0, run.Timeline.WorstUs.Max());
        Assert.Equal(12, run.Timeline.StealSeconds.Count);
        Assert.Equal(ReportLevel.Bad, data.Header.Level);
        Assert.Contains("1 stall over 20 ms", data.Header.Meaning);
        Assert.Equal([new ReportCount("runqueue", 1), new ReportCount("steal", 1)], data.StallCauses);
        Assert.Equal(25_000.0, run.Histogram!.MaxUs);
    }

    [Fact]
    public void Given_a_clean_run_When_built_Then_the_verdict_is_good_and_says_no_round_was_pushed_out()
    {
        var data = Build(("t.json", SyntheticResults.TestJson(5, [])));

        Assert.Equal(ReportLevel.Good, data.Header.Level);
        Assert.Contains("under 20 ms: no mixing round was pushed out of its slot.", data.Header.Meaning);
        Assert.Empty(data.StallCauses);
    }

    [Fact]
    public void Given_a_one_hour_result_When_reported_Then_the_html_is_under_3_MB()
    {
        string html = ReportHtml.Render(Build(("hour.json", SyntheticResults.TestJson(3600, SyntheticResults.TenMinuteStalls))));

        long bytes = Encoding.UTF8.GetByteCount(html);
        Assert.InRange(bytes, 100_000, 3_000_000);
    }

    [Fact]
    public void Given_a_24_hour_time_series_When_saved_as_JSON_Then_it_stays_under_3_MB()
    {
        var t = new RunTimeline(null);
        for (long ms = 0; ms < 24L * 3600 * 1000; ms += 100) t.Record(ms * 1_000_000, 4_700_000 + ms % 1000 * 1000, (int)(ms % 3));
        string json = System.Text.Json.JsonSerializer.Serialize(t.Snapshot(), MetronomeJsonContext.Default.Timeline);

        Assert.InRange(Encoding.UTF8.GetByteCount(json), 100_000, 1_500_000); // about 0.98 MB: numbers on one line
    }

    [Fact]
    public void Given_text_that_could_close_the_script_When_rendered_Then_the_data_block_cannot_end_early()
    {
        var doc = JsonNode.Parse(SyntheticResults.TestJson(2, []))!;
        doc["hostname"] = "pbx</script><script>alert(1)</script>";
        doc["startedAt"] = "2026-11-25T14:59:20.5294823Z";
        string html = ReportHtml.Render(Build(("t.json", doc.ToJsonString())));

        int start = html.IndexOf("<script id=\"report-data\" type=\"application/json\">", StringComparison.Ordinal);
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)</", html[start..end]);
        Assert.Contains("pbx\\u003C/script\\u003E", html[start..end]);
        Assert.Contains("\"when\":\"2026-11-25 14:59:20 UTC\"", html[start..end]);
    }

    [Fact]
    public void Given_a_schema_1_result_without_histogram_or_timeline_When_built_Then_it_opens_with_a_note()
    {
        var doc = JsonNode.Parse(SyntheticResults.TestJson(5, []))!.AsObject();
        foreach (var key in new[] { "histogram", "timeline", "steal", "stalls", "stallCount" }) doc.Remove(key);
        doc["schemaVersion"] = 1;
        var data = Build(("old.json", doc.ToJsonString()));

        var run = Assert.Single(data.Runs);
        Assert.Null(run.Histogram);
        Assert.Null(run.Timeline);
        Assert.Equal(4, run.Passes.Count);
        Assert.Contains(data.Notes, n => n.StartsWith("old.json was written by a metronome that did not save the latency histogram (schema 1)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("compare")]
    [InlineData("doctor")]
    public void Given_a_saved_result_When_the_report_reads_it_Then_it_reads_back_every_field_its_verb_wrote(string kind)
    {
        string json = kind switch
        {
            "test" => SyntheticResults.TestJson(12, TwoStalls),
            "compare" => SyntheticResults.CompareJson(2),
            _ => SyntheticResults.DoctorJson(),
        };

        var document = ReportInput.Parse($"{kind}.json", json).Document;
        string again = document switch
        {
            TestResultDocument t => System.Text.Json.JsonSerializer.Serialize(t, MetronomeJsonContext.Default.TestResultDocument),
            ComparisonDocument c => System.Text.Json.JsonSerializer.Serialize(c, MetronomeJsonContext.Default.ComparisonDocument),
            DoctorDocument d => System.Text.Json.JsonSerializer.Serialize(d, MetronomeJsonContext.Default.DoctorDocument),
            _ => "",
        };

        Assert.Equal(json, again);
    }

    [Theory]
    [InlineData("rate", "\"fast\"", "$.rate")]
    [InlineData("passes", "[{\"score\": \"high\"}]", "$.passes")]
    [InlineData("latency", "[1, 2]", "$.latency")]
    public void Given_a_result_with_a_field_of_the_wrong_type_When_loaded_Then_one_line_says_it_is_damaged_and_where(string field, string value, string path)
    {
        var doc = JsonNode.Parse(SyntheticResults.TestJson(2, []))!.AsObject();
        doc[field] = JsonNode.Parse(value);

        var e = Assert.Throws<ReportInputException>(() => ReportInput.Parse("x.json", doc.ToJsonString()));

        Assert.Equal(1, e.ExitCode);
        Assert.StartsWith($"x.json is a damaged test result: {path}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"not ours\"}", 2, "x.json is JSON but not a metronome result (no schemaVersion)")]
    [InlineData("[1, 2, 3]", 2, "x.json is JSON but not a metronome result (no schemaVersion)")]
    [InlineData("{\"schemaVersion\": 1, \"rows\": []}", 2, "x.json is JSON with a schemaVersion but not a test, compare or doctor result")]
    [InlineData("{\"schemaVersion\": 99, \"source\": \"timerfd\", \"summary\": {}}", 1, "x.json was written by a newer metronome (schema 99; this one reads up to")]
    [InlineData("", 1, "x.json is empty: not a metronome result")]
    public void Given_bad_input_When_loaded_Then_one_line_says_what_with_the_exit_code(string text, int exit, string message)
    {
        var e = Assert.Throws<ReportInputException>(() => ReportInput.Parse("x.json", text));

        Assert.Equal(exit, e.ExitCode);
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Given_a_truncated_result_When_reported_Then_one_line_and_exit_1()
    {
        string dir = Directory.CreateTempSubdirectory("metronome-report-").FullName;
        try
        {
            string json = SyntheticResults.TestJson(3, []);
            File.WriteAllText(Path.Combine(dir, "cut.json"), json[..(json.Length / 2)]);
            var (code, stdout, stderr) = Cli("report", Path.Combine(dir, "cut.json"), "-o", Path.Combine(dir, "r.html"));

            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Matches(@"^metronome: .*cut\.json is not complete JSON \(truncated or damaged at line \d+\): not a metronome result\n$", stderr);
            Assert.False(File.Exists(Path.Combine(dir, "r.html")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Given_a_test_a_compare_and_a_doctor_result_When_reported_together_Then_one_file_holds_them_all()
    {
        string dir = Directory.CreateTempSubdirectory("metronome-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "t.json"), SyntheticResults.TestJson(3, []));
            File.WriteAllText(Path.Combine(dir, "c.json"), SyntheticResults.CompareJson(2));
            File.WriteAllText(Path.Combine(dir, "d.json"), SyntheticResults.DoctorJson());
            string output = Path.Combine(dir, "r.html");
            var (code, stdout, stderr) = Cli("report", Path.Combine(dir, "t.json"), Path.Combine(dir, "c.json"), Path.Combine(dir, "d.json"), "-o", output);

            Assert.Equal((0, ""), (code, stderr));
            Assert.StartsWith($"wrote {output} (", stdout);
            string html = File.ReadAllText(output);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.DoesNotContain("{{", html);
            Assert.DoesNotContain("src=\"http", html);
            Assert.Contains("\"findings\":[{\"id\":\"clocksource\"", html);
            Assert.Contains("\"hypervisor\":\"kvm, in a docker container\"", html);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Given_an_unwritable_report_path_When_test_runs_Then_it_fails_in_one_line_before_measuring()
    {
        var started = DateTime.UtcNow;
        var (code, _, stderr) = Cli("test", "--source", "nanosleep", "-D", "30", "--no-rt", "--report", "/proc/version/report.html");

        Assert.Equal(1, code);
        Assert.StartsWith("metronome: ", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Given_a_snapshot_When_doctor_writes_a_report_Then_it_holds_the_findings_and_that_hosts_facts_not_this_ones()
    {
        string dir = Directory.CreateTempSubdirectory("metronome-report-").FullName;
        try
        {
            string output = Path.Combine(dir, "doctor.html");
            var (code, _, stderr) = Cli("doctor", "--root", Fixtures.Host("hyperv"), "--report", output);

            Assert.Equal((0, ""), (code, stderr));
            string html = File.ReadAllText(output);
            Assert.Contains("\"findings\":[{\"id\":\"clocksource\"", html);
            Assert.Contains("\"hypervisor\":\"hyperv", html);
            Assert.Contains("\"host\":\"the snapshot ", html);
            Assert.DoesNotContain($"\"kernel\":\"{File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}\"", html);
            Assert.Contains("\"runs\":[]", html);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
