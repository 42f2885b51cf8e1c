using Metronome.Cli.Output;
using Metronome.Tooling.Host;
using Metronome.Tests.Support;

namespace Metronome.Tests.Output;

public class DoctorReportWriterTests
{
    [Fact]
    public void Given_the_hyperv_fixture_When_reported_without_colour_Then_the_verdict_leads_and_problems_carry_why_and_fix()
    {
        var inspection = HostInspector.InspectSnapshot(Fixtures.Host("hyperv"));
        var findings = DoctorRules.Evaluate(inspection, null);
        var text = new StringWriter();

        DoctorReportWriter.Write(text, Verdict.From(findings), findings, inspection, colour: false);

        var lines = text.ToString().Split('\n');
        Assert.Equal("USABLE WITH CAVEATS: the snapshot can keep a 1 kHz telephony timing source; see the warnings.", lines[0]);
        Assert.Equal("Host: hyperv guest, kernel 5.4.0-1109-azure, clocksource hyperv_clocksource_msr, high-resolution timers on, HZ 250, preemption voluntary", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("Warnings:", lines[3]);
        Assert.Equal("  warn    clocksource: clocksource hyperv_clocksource_msr", lines[4]);
        Assert.Equal("          why: The Hyper-V MSR clocksource has no vDSO: every clock read is a system call.", lines[5]);
        Assert.Equal("          fix: Use a generation 2 VM and a kernel with the Hyper-V TSC page (hyperv_clocksource_tsc_page).", lines[6]);
        Assert.Equal("  warn    preemption: preemption voluntary", lines[7]);
        Assert.Contains("OK:", lines);
        Assert.Contains("  ok      hz: HZ=250 (a jiffy is 4 ms)", lines);
        Assert.DoesNotContain(lines, l => l.Contains('\e'));
    }

    [Fact]
    public void Given_colour_When_reported_Then_the_verdict_is_painted()
    {
        var inspection = HostInspector.InspectSnapshot(Fixtures.Host("no-high-resolution"));
        var findings = DoctorRules.Evaluate(inspection, null);
        var text = new StringWriter();

        DoctorReportWriter.Write(text, Verdict.From(findings), findings, inspection, colour: true);

        Assert.StartsWith("\e[1;31mNOT SUITABLE\e[0m: ", text.ToString());
    }
}
