using System.Globalization;
using Metronome.Tests.Fakes;
using Xunit.Abstractions;

namespace Metronome.IntegrationTests;

/// <summary>
/// Reports opened in a real browser (Debian's headless chromium): no console message at all, every chart
/// drawn (the page counts uPlot's draw hooks against the charts it made), the page drawn within 2 s of
/// navigation, and a screenshot kept under the test output (bin/.../reports/) for a person to look at.
/// </summary>
public class ReportBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);
    private static readonly string Reports = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "reports")).FullName;

    [Fact]
    public void Given_a_short_real_run_with_report_When_opened_in_chromium_Then_every_chart_draws_without_console_errors()
    {
        HeadlessChromium.Require();
        string html = Path.Combine(Reports, "test-run.html"), json = Path.Combine(Reports, "test-run.json");
        var (code, _, stderr) = CliProcess.Run(Generous, "test", "-D", "5", "--json", json, "--report", html);
        Assert.True(code == 0, stderr);

        Check(html, "test-run.png", expectedCharts: 3);
    }

    [Fact]
    public void Given_a_real_compare_with_report_When_opened_in_chromium_Then_one_curve_per_source_draws()
    {
        HeadlessChromium.Require();
        string html = Path.Combine(Reports, "compare.html");
        var (code, _, stderr) = CliProcess.Run(Generous, "compare", "-D", "2", "--sources", "timerfd,nanosleep,hybrid", "--with-cyclictest", "--report", html);
        Assert.True(code == 0, stderr);

        var page = Check(html, "compare.png", expectedCharts: 3);
        Assert.Contains("\"label\":\"timerfd\"", page.Dom);
        Assert.Contains("\"label\":\"nanosleep\"", page.Dom);
    }

    [Fact]
    public void Given_a_synthetic_10_minute_result_with_stalls_and_a_doctor_When_reported_and_opened_Then_it_draws_and_lists_the_causes()
    {
        HeadlessChromium.Require();
        string result = Path.Combine(Reports, "ten-minutes.json"), doctor = Path.Combine(Reports, "doctor.json"), html = Path.Combine(Reports, "ten-minutes.html");
        File.WriteAllText(result, SyntheticResults.TestJson(600, SyntheticResults.TenMinuteStalls));
        File.WriteAllText(doctor, SyntheticResults.DoctorJson());
        var (code, _, stderr) = CliProcess.Run(Generous, "report", result, doctor, "-o", html);
        Assert.True(code == 0, stderr);

        var page = Check(html, "ten-minutes.png", expectedCharts: 3);
        Assert.Contains("<table id=\"stall-causes\">", page.Dom);
        Assert.Contains("<table id=\"findings\">", page.Dom);
    }

    [Fact]
    public void Given_a_synthetic_one_hour_result_When_reported_Then_the_file_is_under_3_MB_and_draws_within_2_s()
    {
        HeadlessChromium.Require();
        string result = Path.Combine(Reports, "one-hour.json"), html = Path.Combine(Reports, "one-hour.html");
        File.WriteAllText(result, SyntheticResults.TestJson(3600, SyntheticResults.TenMinuteStalls));
        var (code, _, stderr) = CliProcess.Run(Generous, "report", result, "-o", html);
        Assert.True(code == 0, stderr);

        long bytes = new FileInfo(html).Length;
        output.WriteLine($"one-hour report: {bytes} bytes");
        Assert.InRange(bytes, 1, 3_000_000);
        Check(html, "one-hour.png", expectedCharts: 3);
    }

    private HeadlessChromium.Page Check(string html, string png, int expectedCharts)
    {
        var page = HeadlessChromium.Load(html);
        Assert.True(page.Console.Count == 0, "the page wrote to the console:\n" + string.Join("\n", page.Console));
        Assert.True(page.BodyAttributes.TryGetValue("data-report-state", out var state) && state == "drawn",
            $"report state '{state}', errors: {page.BodyAttributes.GetValueOrDefault("data-errors")}");
        Assert.Equal(expectedCharts.ToString(CultureInfo.InvariantCulture), page.BodyAttributes["data-charts-expected"]);
        Assert.Equal(page.BodyAttributes["data-charts-expected"], page.BodyAttributes["data-charts-drawn"]);
        int loadMs = int.Parse(page.BodyAttributes["data-load-ms"], CultureInfo.InvariantCulture);
        output.WriteLine($"{Path.GetFileName(html)}: {new FileInfo(html).Length} bytes, drawn {loadMs} ms after navigation");
        Assert.InRange(loadMs, 0, 2000);

        string pngPath = Path.Combine(Reports, png);
        HeadlessChromium.Screenshot(html, pngPath);
        Assert.True(new FileInfo(pngPath).Length > 20_000, $"{pngPath} is too small to show the report");
        output.WriteLine($"screenshot: {pngPath}");
        return page;
    }
}
