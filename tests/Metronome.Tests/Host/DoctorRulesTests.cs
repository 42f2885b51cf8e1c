using Metronome.Tooling.Host;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>The measurement and verdict rules of docs/doctor.md, at their thresholds.</summary>
public class DoctorRulesTests
{
    private static readonly HostInspection Xen = HostInspector.InspectSnapshot(Fixtures.Host("xen"));

    private static DoctorMeasurement Measured(double average = 99.999, double worst = 99.998, long p99Us = 40, long missed = 0, double? steal = 0.1) =>
        new("timerfd", "SCHED_FIFO", 5, 4, average, worst, p99Us * 1000, 500_000, 5000, missed, steal, 3.0, null);

    private static Finding MeasurementFinding(DoctorMeasurement m) =>
        DoctorRules.Evaluate(Xen, m).Single(f => f.Id == "measurement");

    [Theory]
    [InlineData(99.999, 99.998, 40, 0, "ok")]
    [InlineData(99.985, 99.98, 40, 0, "warn")]    // "probably OK" band of the dahdi_test man page
    [InlineData(99.999, 99.94, 40, 0, "warn")]    // one bad pass
    [InlineData(99.999, 99.998, 201, 0, "warn")]  // p99 over 200 us
    [InlineData(99.999, 99.998, 40, 6, "warn")]   // over 0.1% of 5000 ticks missed
    [InlineData(99.969, 99.9, 40, 0, "fail")]     // below 99.97
    [InlineData(99.999, 99.998, 1001, 0, "fail")] // p99 over 1 ms
    [InlineData(99.999, 99.998, 40, 51, "fail")]  // over 1% missed
    public void Given_a_measurement_When_judged_Then_the_thresholds_hold(double average, double worst, long p99Us, long missed, string expected) =>
        Assert.Equal(expected, MeasurementFinding(Measured(average, worst, p99Us, missed)).Status.Name());

    [Fact]
    public void Given_no_measurement_When_judged_Then_it_is_unknown_and_a_host_with_known_facts_stays_ready()
    {
        var findings = DoctorRules.Evaluate(Xen, null);

        Assert.Equal(FindingStatus.Unknown, findings.Single(f => f.Id == "measurement").Status);
        Assert.Equal(DoctorVerdict.Ready, Verdict.From(findings));
    }

    [Theory]
    [InlineData(0.5, "ok")]
    [InlineData(1.0, "warn")]
    [InlineData(5.0, "fail")]
    public void Given_steal_When_judged_Then_1_and_5_percent_are_the_bounds(double steal, string expected)
    {
        var inspection = Xen with { Facts = Xen.Facts with { Steal = new StealFacts(steal) } };

        Assert.Equal(expected, DoctorRules.Evaluate(inspection, null).Single(f => f.Id == "steal").Status.Name());
    }

    [Fact]
    public void Given_unknown_essentials_and_no_measurement_When_judged_Then_the_verdict_is_cannot_tell_naming_what_to_paste()
    {
        var facts = Xen.Facts with { HighResolution = new HighResolutionFacts(null, null) };
        var findings = DoctorRules.Evaluate(Xen with { Facts = facts }, null);

        Assert.DoesNotContain(findings, f => f.Status is FindingStatus.Warn or FindingStatus.Fail);
        Assert.Equal(DoctorVerdict.CannotTell, Verdict.From(findings));
        Assert.Equal([DoctorRules.PasteTimerList], Verdict.WhatToPaste(findings));
        Assert.Equal(DoctorVerdict.Ready, Verdict.From(DoctorRules.Evaluate(Xen with { Facts = facts }, Measured())));
    }

    [Fact]
    public void Given_any_failure_When_judged_Then_the_host_is_unsuitable()
    {
        var findings = DoctorRules.Evaluate(Xen, Measured(average: 99.5));

        Assert.Equal(DoctorVerdict.Unsuitable, Verdict.From(findings));
    }

    [Theory]
    [InlineData(new string[0], "no kernel DAHDI")]
    [InlineData(new[] { "pseudo", "timer" }, "no DAHDI kernel modules; /dev/dahdi has pseudo, timer, served from user space")]
    public void Given_no_dahdi_modules_When_judged_Then_it_says_what_is_there_and_points_to_metronome_dahdi(string[] devices, string observed)
    {
        var inspection = Xen with { Facts = Xen.Facts with { Dahdi = new DahdiFacts([], devices, null) } };

        var finding = DoctorRules.Evaluate(inspection, null).Single(f => f.Id == "dahdi");

        Assert.Equal(FindingStatus.Ok, finding.Status);
        Assert.Equal(observed, finding.Observed);
        Assert.Contains("`metronome dahdi` serves /dev/dahdi/pseudo and /dev/dahdi/timer from user space", finding.Why);
    }
}
