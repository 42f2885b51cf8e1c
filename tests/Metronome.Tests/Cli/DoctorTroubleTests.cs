namespace Metronome.Tests.Cli;

/// <summary>Issue 23's acceptance: a paste of one timer-trouble line gives no "ok" and a finding; a file that is no snapshot is said so in one line.</summary>
public class DoctorTroubleTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliRun.Run(args);

    [Theory]
    [InlineData("[    0.128828] hpet: HPET dysfunctional in PC10. Force disabled.", "  warn    hpet: the kernel disabled the HPET it found (dysfunctional in PC10)")]
    [InlineData("[  +5.001071] hpet1: lost 7 rtc interrupts", "  warn    hpet: HPET present; emulating the RTC it lost up to 7 periodic interrupts")]
    public void Given_one_timer_trouble_line_When_doctored_from_it_Then_no_finding_is_ok_and_the_trouble_is_a_finding_with_its_fix(string line, string finding)
    {
        using var paste = new PasteFile(line + "\n");

        var (code, stdout, _) = Run("doctor", "--from", paste.Path);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("  ok ", StringComparison.Ordinal));
        int at = Array.FindIndex(lines, l => l.StartsWith(finding, StringComparison.Ordinal));
        Assert.True(at > 0, stdout);
        Assert.StartsWith("          fix: ", lines[at + 2]);
    }

    [Fact]
    public void Given_a_file_that_is_no_snapshot_When_doctored_with_root_Then_one_plain_line_says_so_and_it_exits_1()
    {
        var (code, stdout, stderr) = Run("doctor", "--root", "/etc/passwd");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("metronome: /etc/passwd: not a snapshot (neither a directory nor a .tar.gz metronome wrote)\n", stderr.Replace("\r", ""));
    }
}
