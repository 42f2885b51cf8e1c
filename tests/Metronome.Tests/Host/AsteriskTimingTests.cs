using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>Asterisk's side (issue 23 item 6): timerfd without real-time loses mixing rounds; res_timing_dahdi must be served by our devices.</summary>
public class AsteriskTimingTests
{
    private static Finding AsteriskOf(HostInspection inspection) => DoctorRules.Evaluate(inspection, null).Single(f => f.Id == FindingId.Asterisk);

    /// <summary>The bare-metal-hpet host (Asterisk with autoload, timerfd installed), with what a test adds to a copy of it.</summary>
    private static HostInspection BareMetal(params (string Path, string Text)[] files)
    {
        string copy = Fixtures.CopyOf("bare-metal-hpet");
        try
        {
            foreach (var (path, text) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, path))!);
                File.WriteAllText(Path.Combine(copy, path), text);
            }
            return HostInspector.InspectSnapshot(copy);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static string Stat(int policy) =>
        "4242 (asterisk) S 1 4242 4242 0 -1 4194560 " + string.Join(' ', Enumerable.Repeat("0", 30)) + $" 0 {policy} 0 0 0 0\n";

    [Fact]
    public void Given_timerfd_and_an_asterisk_running_sched_other_When_judged_Then_it_warns_that_conferences_lose_mixing_rounds_and_gives_both_fixes()
    {
        var inspection = BareMetal(("proc/4242/comm", "asterisk\n"), ("proc/4242/stat", Stat(0)));
        var finding = AsteriskOf(inspection);

        Assert.False(inspection.Facts.Asterisk.Realtime);
        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Contains("lose mixing rounds", finding.Why);
        Assert.Contains("`asterisk -p`", finding.Fix);
        Assert.Contains("highpriority = yes", finding.Fix);
        Assert.Contains("noload => res_timing_timerfd.so", finding.Fix);
        Assert.Contains("load => res_timing_dahdi.so", finding.Fix);
        Assert.Contains("`metronome dahdi`", finding.Fix);
    }

    [Theory]
    [InlineData("proc/4242/stat", 2)] // SCHED_RR, as asterisk -p sets it
    [InlineData("etc/asterisk/asterisk.conf", -1)]
    public void Given_asterisk_real_time_by_its_policy_or_its_config_When_judged_Then_timerfd_is_ok(string path, int policy)
    {
        var inspection = path == "etc/asterisk/asterisk.conf"
            ? BareMetal((path, "[options]\nhighpriority = yes ; asterisk -p\n"))
            : BareMetal(("proc/4242/comm", "asterisk\n"), (path, Stat(policy)));

        Assert.True(inspection.Facts.Asterisk.Realtime);
        Assert.Equal(FindingStatus.Ok, AsteriskOf(inspection).Status);
    }

    [Fact]
    public void Given_timerfd_and_no_evidence_of_real_time_When_judged_Then_it_is_unknown_and_says_what_to_paste()
    {
        var finding = AsteriskOf(BareMetal());

        Assert.Equal(FindingStatus.Unknown, finding.Status);
        Assert.Contains("ps -o cls=,args= -C asterisk", finding.Fix);
    }

    [Theory]
    [InlineData("36 25 0:45 / /dev/dahdi rw,nosuid,nodev,noexec - fuse.metronome metronome rw,user_id=0,group_id=0\n", "metronome", "ok")]
    [InlineData("36 25 0:45 / /dev/dahdi rw,nosuid,nodev,noexec - fuse.other other rw\n", null, "unknown")]
    public void Given_res_timing_dahdi_When_judged_Then_it_checks_that_metronome_serves_dev_dahdi(string mountInfo, string? servedBy, string status)
    {
        var inspection = BareMetal(("etc/asterisk/modules.conf", "[modules]\nautoload=yes\nnoload => res_timing_timerfd.so\n"),
            ("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n" + mountInfo));
        var finding = AsteriskOf(inspection);

        Assert.Equal(AsteriskTiming.Dahdi, inspection.Facts.Asterisk.WillUse);
        Assert.Equal(servedBy, inspection.Facts.Dahdi.ServedBy);
        Assert.Equal(status, finding.Status.Name());
        // No load report in this evidence: the capacity is unknown, and said to be.
        Assert.True(inspection.Unknowns.ContainsKey(FactKey.DahdiRequestsPerSecond));
        if (status == "ok") Assert.Contains("requests per second are unknown", finding.Observed);
    }

    private const string OurMount = "36 25 0:45 / /dev/dahdi rw,nosuid,nodev,noexec - fuse.metronome metronome rw,user_id=0,group_id=0\n";

    /// <summary>Asterisk on res_timing_dahdi, /dev/dahdi ours, and the serving process 4242 with this load report.</summary>
    private static HostInspection OnOurTimer(string report, bool serverAlive = true)
    {
        var files = new List<(string, string)>
        {
            ("etc/asterisk/modules.conf", "[modules]\nautoload=yes\nnoload => res_timing_timerfd.so\n"),
            ("proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n" + OurMount),
            ("run/metronome/dev-dahdi.load", report),
        };
        if (serverAlive) files.Add(("proc/4242/comm", "metronome\n"));
        return BareMetal([.. files]);
    }

    private static string Report(long requests, double cpuSeconds) =>
        $"# metronome dahdi: the requests served over the last window (docs/dahdi.md)\npid 4242\nrequest-threads 1\ncpus 2\nwindow-seconds 5.000\n"
        + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"requests {requests}\nrequest-cpu-seconds {cpuSeconds:0.00}\n");

    [Theory]
    // 16 us of CPU per request on one thread: a ceiling of 62500 requests/s.
    [InlineData(50_000, 0.80, 10_000, "62500", "ok", "16% of its ceiling")]      // 50 channels' worth
    [InlineData(200_000, 3.20, 40_000, "62500", "warn", "64% of its ceiling")]   // 200 channels' worth
    [InlineData(290_000, 4.64, 58_000, "62500", "fail", "93% of its ceiling")]   // 290 channels' worth
    public void Given_our_load_report_When_judged_Then_the_request_rate_is_held_against_the_ceiling_its_cost_implies(
        long requests, double cpu, int perSecond, string ceiling, string status, string share)
    {
        var inspection = OnOurTimer(Report(requests, cpu));
        var finding = AsteriskOf(inspection);
        var facts = FactSheet.From(inspection).ToDictionary(f => f.Name);

        Assert.Equal(perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture), facts[FactKey.DahdiRequestsPerSecond].Value);
        Assert.Equal($"{ceiling} requests/s (1 request thread on 2 CPUs, 16.0 µs of CPU per request)", facts[FactKey.DahdiRequestCeiling].Value);
        Assert.Equal(new Evidence("run/metronome/dev-dahdi.load", 6, "requests " + requests), facts[FactKey.DahdiRequestsPerSecond].Evidence);
        Assert.Equal(status, finding.Status.Name());
        Assert.Contains(share, finding.Observed);
        if (status != "ok") Assert.Contains("metronome dahdi-load", finding.Fix);
    }

    [Fact]
    public void Given_a_load_report_too_light_to_cost_When_judged_Then_the_rate_is_stated_and_the_ceiling_unknown()
    {
        var inspection = OnOurTimer(Report(1_000, 0.05));
        var finding = AsteriskOf(inspection);

        Assert.Equal(200, inspection.Facts.Dahdi.Load!.RequestsPerSecond);
        Assert.Contains("0.05 s of CPU", inspection.Unknowns[FactKey.DahdiRequestCeiling]);
        Assert.Equal(FindingStatus.Ok, finding.Status);
        Assert.Contains("200 timer requests/s, too little request CPU to measure a ceiling", finding.Observed);
    }

    [Theory]
    [InlineData(false, "names process 4242, which is gone")]
    [InlineData(true, "is not a load report")]
    public void Given_a_stale_or_garbled_load_report_When_judged_Then_the_rate_is_unknown_and_says_why(bool alive, string reason)
    {
        var inspection = OnOurTimer(alive ? "pid 4242\nrequests many\n" : Report(200_000, 3.2), serverAlive: alive);

        Assert.Null(inspection.Facts.Dahdi.Load);
        Assert.Contains(reason, inspection.Unknowns[FactKey.DahdiRequestsPerSecond]);
        Assert.Equal(FindingStatus.Ok, AsteriskOf(inspection).Status);
        Assert.Contains(reason, AsteriskOf(inspection).Observed);
    }
}
