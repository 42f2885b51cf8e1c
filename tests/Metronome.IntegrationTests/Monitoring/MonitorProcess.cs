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
}
