using Xunit.Abstractions;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>`metronome test --source dahdi`: measuring a DAHDI pseudo device the way dahdi_test does.</summary>
public sealed class DahdiSourceTests(ITestOutputHelper testOutput) : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_metronome_dahdi_When_tested_with_the_dahdi_source_Then_it_ticks_at_the_500_Hz_block_rate_and_passes()
    {
        using var server = DahdiServerProcess.Start(_dir);

        var ((code, stdout, stderr), runs, log) = HostNoise.Retry(
            () => CliProcess.Run(Generous, "test", "--source", "dahdi", "--device", server.Pseudo, "-c", "3"),
            run => run.Code == 0 && DahdiTestTool.Average(run.Stdout) >= 99.9, run => run.Stdout + run.Stderr, testOutput);
        var (_, final) = server.Stop();

        Assert.True(code == 0, stderr);
        Assert.StartsWith("Metronome dahdi source at 500 Hz (", stdout);
        var (passes, average) = DahdiTestTool.Summary(stdout); // our summary is dahdi_test's format
        Assert.Equal(3, passes);
        Assert.True(average >= 99.9, $"average {average}; the server: {final}\n{log}");
        Assert.Matches(@"Ticks: \d+ scheduled, \d+ wake-ups", stdout);
        // The device is opened early (to fail fast) and released when the run is over: only the few 2 ms
        // blocks of setting up and winding down may go unread. Holding it through a 250 ms wait cost 127.
        Assert.InRange(DahdiServerProcess.LostBlocks(final), 0, 60 * runs);
    }

    [Fact]
    public void Given_no_device_When_tested_with_the_dahdi_source_Then_one_line_says_why_and_it_exits_1()
    {
        string missing = Path.Combine(_dir, "pseudo");

        var (code, stdout, stderr) = CliProcess.Run(Generous, "test", "--source", "dahdi", "--device", missing, "-c", "1");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: cannot open {missing}: No such file or directory (is kernel DAHDI loaded, or `metronome dahdi` running?)\n", stderr);
    }

    [Fact]
    public void Given_a_rate_finer_than_dahdis_smallest_block_When_tested_with_the_dahdi_source_Then_it_says_which_rates_work()
    {
        var (code, _, stderr) = CliProcess.Run(Generous, "test", "--source", "dahdi", "--rate", "1000", "-c", "1");

        Assert.Equal(1, code);
        Assert.Equal("metronome: the dahdi source ticks once per block, and DAHDI's blocks are 16 samples (2 ms) or more: "
                     + "the rate must divide 8000 and be at most 500 Hz (got 1000; try --rate 500)\n", stderr);
    }
}
