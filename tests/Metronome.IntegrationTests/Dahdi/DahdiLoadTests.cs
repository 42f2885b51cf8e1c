using System.Text.Json;
using Metronome.Tooling.Dahdi;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>
/// A PBX's load on the NativeAOT `metronome dahdi`: 200 timer channels, each doing ping, poll, event and
/// pong 50 times a second for 10 s (`metronome dahdi-load`, one thread per channel as Asterisk has).
/// </summary>
public sealed class DahdiLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-load-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_200_timer_channels_pinging_50_times_a_second_for_10_s_When_served_Then_every_round_trip_is_answered_in_DAHDIs_order()
    {
        string mount = Directory.CreateDirectory(Path.Combine(_dir, "dahdi")).FullName;
        string json = Path.Combine(_dir, "load.json");
        using var server = DahdiServerProcess.Start(mount);

        var (code, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2),
            "dahdi-load", "--device", server.Timer, "--channels", "200", "--rate", "50", "--seconds", "10", "--json", json);
        // The serving process's load report (what the doctor reads): its last window fell in the load.
        var reportFile = DahdiLoadFile.For(mount);
        var report = File.Exists(reportFile.Path) ? DahdiLoadReport.Parse(File.ReadAllText(reportFile.Path)) : null;
        var (stopped, _) = server.Stop();

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Equal(0, stopped);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var step = Assert.Single(document.RootElement.GetProperty("steps").EnumerateArray());
        Assert.Equal(200, step.GetProperty("channels").GetInt32());
        Assert.Equal(0, step.GetProperty("errors").GetInt64());
        long asked = step.GetProperty("asked").GetInt64();
        Assert.Equal(200 * 50 * 10, asked);
        // Every round trip begun was answered in order (no error, checked above). How many slots a channel
        // skips because its previous round trip ran late is the host's speed, a bench's subject
        // (bench/pbx-capacity.sh); here only a bound that a working server keeps on a busy host.
        Assert.True(step.GetProperty("done").GetInt64() >= asked * 70 / 100, $"done {step.GetProperty("done")} of {asked}\n{stdout}");
        Assert.NotNull(report);
        Assert.True(report.Requests > 0 && report.RequestCpuSeconds > 0, report.Format());
        Assert.False(File.Exists(reportFile.Path), "the load report outlived the server");
    }

    [Theory]
    [InlineData("--channels", "abc", 2)]
    [InlineData("--channels", "0,50", 2)]
    [InlineData("--rate", "0", 2)]
    [InlineData("--device", "/nonexistent/timer", 1)]
    public void Given_bad_input_When_dahdi_load_starts_Then_one_line_and_the_exit_code_before_driving_anything(string option, string value, int expected)
    {
        var (code, stdout, stderr) = CliProcess.Run(TimeSpan.FromSeconds(30), "dahdi-load", option, value, "--seconds", "1");

        Assert.Equal(expected, code);
        Assert.DoesNotContain("Driving", stdout, StringComparison.Ordinal);
        Assert.StartsWith("metronome: ", stderr.Split('\n')[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
