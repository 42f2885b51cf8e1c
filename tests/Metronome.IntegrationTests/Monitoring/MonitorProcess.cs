using System.Net.Http;

namespace Metronome.IntegrationTests.Monitoring;

internal static class MonitorProcess
{
    /// <summary>Waits for `metronome monitor`'s start line on stderr (it ticks from then on); false on timeout or exit.</summary>
    public static bool WaitForStart(CliProcess monitor, int timeoutSeconds = 20)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(timeoutSeconds);
        while (DateTime.UtcNow < until)
        {
            if (monitor.Stderr.Contains("metronome: monitoring ", StringComparison.Ordinal)) return true;
            Thread.Sleep(50);
        }
        return false;
    }

    public static string Scrape(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return client.GetStringAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
    }
}
