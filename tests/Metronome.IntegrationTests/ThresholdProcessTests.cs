namespace Metronome.IntegrationTests;

/// <summary>Exit code 3: measured, printed in full, and a limit the user set was broken.</summary>
public class ThresholdProcessTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public void Given_a_lateness_limit_no_real_timer_meets_When_tested_Then_the_full_results_then_one_line_and_exit_3()
    {
        // No wake-up on a real host is 0 ns late, so --max-late-us 0 always breaks; the others hold.
        var (code, stdout, stderr) = CliProcess.Run(Generous, "test", "-c", "1", "--max-late-us", "0", "--fail-below", "0", "--max-missed", "1000000");

        Assert.Equal(3, code);
        Assert.Contains("--- Results after 1 passes ---", stdout);
        Assert.Contains("Latency (us): Min:", stdout);
        var broken = stderr.Split('\n').Where(l => l.StartsWith("metronome: threshold failed: ", StringComparison.Ordinal)).ToArray();
        Assert.Single(broken);
        Assert.Matches(@"^metronome: threshold failed: worst lateness \d+ us is above --max-late-us 0$", broken[0]);
    }

    [Fact]
    public void Given_limits_the_run_meets_When_tested_Then_it_exits_0()
    {
        var (code, _, stderr) = CliProcess.Run(Generous, "test", "-c", "1", "--max-late-us", "60000000", "--fail-below", "0", "--max-missed", "1000000000");

        Assert.Equal(0, code);
        Assert.DoesNotContain("threshold failed", stderr);
    }
}
