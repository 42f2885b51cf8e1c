using System.Net.Http;

namespace Metronome.IntegrationTests.Monitoring;

internal static class MonitorProcess
{
    /// <summary>Waits for `metronome monitor`'s start line on stderr (it ticks from then on); false on timeout or exit.</summary>
    public static bool WaitForStart(CliProcess monitor, int timeoutSeconds = 20) =>
        monitor.WaitForError("metronome: monitoring ", TimeSpan.FromSeconds(timeoutSeconds));

    public static string Scrape(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return client.GetStringAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
    }

    /// <summary>
    /// Scrapes until <paramref name="done"/> holds for the scrape (the ticking process publishes to its
    /// exporter five times a second, and some series come only after the first pass or host check) or
    /// <paramref name="timeout"/> has passed; the last scrape either way, for the test's assertions.
    /// </summary>
    public static string ScrapeUntil(int port, Func<string, bool> done, TimeSpan timeout)
    {
        string scrape = Scrape(port);
        Eventually.True(() => done(scrape = Scrape(port)), timeout);
        return scrape;
    }
}
