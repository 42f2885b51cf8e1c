using System.Net.Http;
using System.Text.Json;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Monitoring;

/// <summary>
/// The fleet in miniature, for real: Debian's prometheus on loopback scrapes two `metronome monitor`
/// instances (two instance labels, as two PBXs), with the shipped rules loaded. Both must report, every
/// recording rule and every dashboard expression must evaluate without error, and a forced stall (a
/// SCHED_FIFO hog on one instance's CPU) must bring MetronomeStalls to pending.
/// </summary>
public sealed class FleetTests : IDisposable
{
    private readonly int _prometheusPort = FreePort.Pick(), _portA = FreePort.Pick(), _portB = FreePort.Pick();
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-fleet-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public FleetTests() => _http.BaseAddress = new Uri($"http://127.0.0.1:{_prometheusPort}/");

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Given_prometheus_scraping_two_monitors_When_one_is_stalled_on_purpose_Then_both_report_every_rule_and_panel_evaluates_and_the_stall_alert_goes_pending()
    {
        string rules = Path.Combine(Repository.Root, "deploy", "prometheus", "metronome-rules.yml");
        string config = Path.Combine(_dir, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {rules}
            scrape_configs:
              - job_name: metronome
                static_configs:
                  - targets: ['127.0.0.1:{_portA}']
                    labels:
                      instance: pbx-a
                  - targets: ['127.0.0.1:{_portB}']
                    labels:
                      instance: pbx-b
            """);
        // pbx-a ticks on CPU 0 at priority 50, where the hog will run at 90; pbx-b is left alone.
        using var a = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{_portA}", "--cpu", "0", "--priority", "50", "--doctor-every", "0");
        using var b = CliProcess.Start("monitor", "--listen", $"127.0.0.1:{_portB}", "--doctor-every", "0");
        Assert.True(MonitorProcess.WaitForStart(a), a.Stderr);
        Assert.True(MonitorProcess.WaitForStart(b), b.Stderr);
        using var prometheus = CliProcess.StartProgram("prometheus", [
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(_dir, "data")}",
            $"--web.listen-address=127.0.0.1:{_prometheusPort}", "--log.level=warn",
        ]);
        try
        {
            Assert.True(Eventually.True(() => Get("-/ready") is not null, TimeSpan.FromSeconds(40), everyMs: 500), "prometheus never became ready:\n" + prometheus.Stderr);

            // Both instances report.
            Assert.True(Eventually.True(() =>
                Query("up{job=\"metronome\"} == 1").Count == 2 && Query("metronome_ticks_total > 0").Count == 2, TimeSpan.FromSeconds(30), everyMs: 500),
                "both monitors were not scraped:\n" + Get("api/v1/targets"));
            var instances = Query("metronome_info").Select(r => r.GetProperty("metric").GetProperty("instance").GetString()).Order().ToList();
            Assert.Equal(["pbx-a", "pbx-b"], instances);

            // Force stalls on pbx-a.
            using (var hog = new CpuHog(cpu: 0, priority: 90, burst: TimeSpan.FromMilliseconds(5), every: TimeSpan.FromMilliseconds(50),
                       duration: TimeSpan.FromSeconds(8)).Start())
            {
                hog.Wait();
                Assert.Empty(hog.Warnings);
            }
            Assert.True(Eventually.True(() =>
                    Alerts().Any(x => x.Name == "MetronomeStalls" && x.Instance == "pbx-a" && x.State is "pending" or "firing"), TimeSpan.FromSeconds(20), everyMs: 500),
                "MetronomeStalls never went pending for pbx-a; alerts: " + Get("api/v1/alerts") + "\nstalls: " + Get("api/v1/query?query=metronome_stalls_total"));

            // Every recording rule evaluated without error, and has a value for both instances.
            using var rulesDoc = JsonDocument.Parse(Get("api/v1/rules")!);
            var allRules = rulesDoc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Equal(8, allRules.Count);
            Assert.All(allRules, r => Assert.True(r.GetProperty("health").GetString() == "ok", r.ToString()));
            foreach (var record in allRules.Where(r => r.GetProperty("type").GetString() == "recording").Select(r => r.GetProperty("name").GetString()!))
                Assert.True(Query(record).Count >= 2, $"{record} has no value for both instances");

            // Every dashboard expression, with Grafana's variables as Grafana would fill them in.
            using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "grafana", "metronome.json")));
            var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
                .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
            Assert.True(expressions.Count >= 10);
            foreach (var expr in expressions)
            {
                string filled = expr.Replace("$instance", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal);
                Assert.NotEmpty(Query(filled));
            }
        }
        finally
        {
            prometheus.Signal("TERM");
            a.Signal("TERM");
            b.Signal("TERM");
            prometheus.WaitForExit(TimeSpan.FromSeconds(20));
            a.WaitForExit(TimeSpan.FromSeconds(15));
            b.WaitForExit(TimeSpan.FromSeconds(15));
        }
    }

    private string? Get(string path)
    {
        try
        {
            using var response = _http.GetAsync(path).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>An instant query; fails the test if Prometheus reports an error (a bad expression).</summary>
    private List<JsonElement> Query(string promql)
    {
        using var response = _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)).GetAwaiter().GetResult();
        string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        using var doc = JsonDocument.Parse(body);
        Assert.True(doc.RootElement.GetProperty("status").GetString() == "success", $"{promql}: {body}");
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private List<(string? Name, string? Instance, string? State)> Alerts()
    {
        using var doc = JsonDocument.Parse(Get("api/v1/alerts") ?? """{"data":{"alerts":[]}}""");
        return doc.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(x => (x.GetProperty("labels").GetProperty("alertname").GetString(),
                x.GetProperty("labels").TryGetProperty("instance", out var i) ? i.GetString() : null,
                x.GetProperty("state").GetString()))
            .ToList();
    }
}
