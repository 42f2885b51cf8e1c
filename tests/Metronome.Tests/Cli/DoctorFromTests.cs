using System.Text.Json;

namespace Metronome.Tests.Cli;

/// <summary>`metronome doctor --from FILE...` end to end: the seed's evidence, stdin, several files, and the verdict's exit code.</summary>
public class DoctorFromTests
{
    private static string SeedLike() => Support.Fixtures.Under("seed-like", "seed-like.log");

    private static (int Code, string Out, string Err) Run(params string[] args) => Support.CliRun.Run(args);

    [Fact]
    public void Given_the_seed_like_log_When_doctored_from_it_Then_vmware_the_dahdi_modules_the_timer_and_the_resolution_check_are_reported_and_it_cannot_tell()
    {
        var (code, stdout, _) = Run("doctor", "--from", SeedLike());

        Assert.Equal(0, code);
        var lines = stdout.Split('\n');
        Assert.StartsWith("CANNOT TELL: pasted evidence (seed-like.log) does not show", lines[0]);
        Assert.StartsWith("Host: vmware guest, kernel 2.6.24-19-generic, clocksource unknown, high-resolution unknown", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  warn    dahdi-timer: dahdi_dummy announced a High Resolution Timer; nothing in the evidence shows high-resolution mode", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("sudo grep -m1 resolution /proc/timer_list", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  warn    platform: VMware VMI paravirtual kernel", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  ok      dahdi: kernel DAHDI loaded (dahdi, dahdi_dummy)", StringComparison.Ordinal));
        // What the seed's --root run got wrong: none of these may be a "no".
        Assert.Contains(lines, l => l.StartsWith("  unknown hpet:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  unknown container:", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("no HPET", StringComparison.Ordinal) || l.Contains("no kernel DAHDI", StringComparison.Ordinal));
        // CANNOT TELL names what to paste next.
        int paste = Array.IndexOf(lines, "Paste next (run on the host, then doctor --from the outputs):");
        Assert.True(paste > 0);
        Assert.Equal("  cat /sys/devices/system/clocksource/clocksource0/current_clocksource /sys/devices/system/clocksource/clocksource0/available_clocksource", lines[paste + 1]);
        Assert.StartsWith("  sudo grep -E 'Timer List Version|resolution|hres_active", lines[paste + 2]);
    }

    [Fact]
    public void Given_the_seed_like_log_When_doctored_as_json_Then_every_fact_carries_its_file_and_line()
    {
        var (code, stdout, _) = Run("doctor", "--from", SeedLike(), "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("cannot-tell", root.GetProperty("verdict").GetString());
        Assert.Equal("pasted evidence (seed-like.log)", root.GetProperty("subject").GetString());
        Assert.True(root.GetProperty("paste").GetArrayLength() >= 2);
        var facts = root.GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("vmware", facts["hypervisor"].GetProperty("value").GetString());
        Assert.Equal("vmi", facts["paravirt"].GetProperty("value").GetString());
        Assert.Equal("dahdi, dahdi_dummy", facts["dahdi.modules"].GetProperty("value").GetString());
        Assert.Equal("hrtimer", facts["dahdi.dummy-timer"].GetProperty("value").GetString());
        var timer = facts["dahdi.dummy-timer"].GetProperty("evidence");
        Assert.Equal("seed-like.log", timer.GetProperty("source").GetString());
        Assert.Equal(7, timer.GetProperty("line").GetInt32());
        Assert.Equal("[   25.130000] dahdi_dummy: Trying to load High Resolution Timer", timer.GetProperty("text").GetString());
        Assert.All(facts.Values, f => Assert.Equal("seed-like.log", f.GetProperty("evidence").GetProperty("source").GetString()));
        Assert.DoesNotContain(facts.Values, f => f.GetProperty("value").GetString() is "no" or "none");
        Assert.Equal("unknown", root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "hpet").GetProperty("status").GetString());
    }

    [Fact]
    public void Given_the_seed_like_log_alone_in_a_hand_made_root_When_doctored_with_root_Then_it_says_the_same_and_no_unfounded_no()
    {
        string dir = Directory.CreateTempSubdirectory("metronome-seed-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "var", "log"));
            File.Copy(SeedLike(), Path.Combine(dir, "var", "log", "dmesg"));

            var (code, stdout, _) = Run("doctor", "--root", dir);

            Assert.Equal(0, code);
            Assert.StartsWith("CANNOT TELL: ", stdout);
            Assert.Contains("Host: vmware guest,", stdout);
            Assert.Contains("  ok      dahdi: kernel DAHDI loaded (dahdi, dahdi_dummy)", stdout);
            Assert.Contains("  warn    dahdi-timer: ", stdout);
            Assert.DoesNotContain("no HPET", stdout);
            Assert.DoesNotContain("no kernel DAHDI", stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Given_a_transcript_and_a_log_in_two_files_When_doctored_Then_the_facts_of_both_count_and_a_full_picture_is_judged()
    {
        string dir = Directory.CreateTempSubdirectory("metronome-from-").FullName;
        try
        {
            string transcript = Path.Combine(dir, "ticket.txt");
            File.WriteAllText(transcript, """
                root@pbx-3:~# cat /sys/devices/system/clocksource/clocksource0/current_clocksource
                tsc
                root@pbx-3:~# uname -a
                Linux pbx-3 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux
                root@pbx-3:~# sudo grep -E 'resolution|hres_active' /proc/timer_list | head -3
                  .resolution: 1 nsecs
                  .hres_active    : 1
                  .resolution: 1 nsecs
                """);
            string log = Path.Combine(dir, "kern.log");
            File.WriteAllText(log, """
                Nov 20 14:02:11 pbx-3 kernel: [    0.000000] Hypervisor detected: KVM
                Nov 20 14:02:11 pbx-3 kernel: [    0.000000] Dynamic Preempt: voluntary
                Nov 20 14:02:12 pbx-3 systemd[1]: Started Asterisk PBX.
                """);

            var (code, stdout, _) = Run("doctor", "--from", transcript, log, "--json");

            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(stdout);
            var facts = doc.RootElement.GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString());
            Assert.Equal("tsc", facts["clocksource.current"]);
            Assert.Equal("6.1.0-28-amd64", facts["kernel.version"]);
            Assert.Equal("x86_64", facts["arch"]);
            Assert.Equal("yes", facts["high-resolution.active"]);
            Assert.Equal("kvm", facts["hypervisor"]);
            Assert.Equal("voluntary", facts["preemption"]);
            // Essentials known, preemption voluntary warns: caveats, not cannot-tell.
            Assert.Equal("caveats", doc.RootElement.GetProperty("verdict").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("caveats", 3)]
    [InlineData("cannot-tell", 3)]
    [InlineData("unsuitable", 0)]
    public void Given_a_cannot_tell_verdict_When_failing_on_a_verdict_Then_cannot_tell_ranks_above_caveats_and_below_unsuitable(string failOn, int expected)
    {
        var (code, stdout, stderr) = Run("doctor", "--from", SeedLike(), "--fail-on", failOn);

        Assert.Equal(expected, code);
        Assert.StartsWith("CANNOT TELL: ", stdout); // the full report is printed first
        if (expected == 3) Assert.Equal($"metronome: verdict cannot-tell is {failOn} or worse (--fail-on {failOn})\n", stderr.Replace("\r", ""));
    }

    [Fact]
    public void Given_an_unsuitable_snapshot_When_failing_on_unsuitable_Then_it_exits_3_and_a_ready_one_exits_0()
    {
        Assert.Equal(3, Run("doctor", "--root", Metronome.Tests.Support.Fixtures.Host("no-high-resolution"), "--fail-on", "unsuitable").Code);
        Assert.Equal(0, Run("doctor", "--root", Metronome.Tests.Support.Fixtures.Host("xen"), "--fail-on", "caveats").Code);
    }

    [Fact]
    public void Given_an_unknown_fail_on_value_When_run_Then_it_is_bad_usage()
    {
        var (code, _, stderr) = Run("doctor", "--from", SeedLike(), "--fail-on", "maybe");

        Assert.Equal(2, code);
        Assert.StartsWith("metronome: unknown fail-on 'maybe' (known: caveats, cannot-tell, unsuitable)", stderr);
    }

    [Fact]
    public void Given_a_missing_file_When_doctored_from_it_Then_one_line_says_so_and_it_exits_1()
    {
        var (code, stdout, stderr) = Run("doctor", "--from", "/nonexistent/dmesg.txt");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("metronome: --from /nonexistent/dmesg.txt: No such file or directory\n", stderr.Replace("\r", ""));
    }
}
