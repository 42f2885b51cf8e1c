using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>The measurement's stalls explained as far as their evidence allows (issue 23 item 4).</summary>
public class StallsFindingTests
{
    private static readonly HostInspection Xen = HostInspector.InspectSnapshot(Fixtures.Host("xen"));

    private static Finding StallsOf(DoctorStalls stalls, HostInspection? inspection = null) =>
        DoctorRules.Evaluate(inspection ?? Xen, new DoctorMeasurement("timerfd", "SCHED_FIFO", 5, 4, 99.99, 99.98, 60_000, 4_000_000, 5000, 3, 0.0, 2.0, null) { Stalls = stalls })
            .Single(f => f.Id == FindingId.Stalls);

    [Fact]
    public void Given_stalls_with_no_run_delay_and_no_steal_in_a_guest_When_judged_Then_it_says_the_guest_did_not_cause_them_and_what_to_try()
    {
        var finding = StallsOf(new DoctorStalls(Count: 4, Runqueue: 0, Steal: 0, Gc: 0, Unexplained: 4, Quiet: 4, MaxLatenessNs: 3_500_000));

        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Equal("4 stalls in the 5 s measured (worst 3.5 ms late): runqueue 0, steal 0, gc 0, unexplained 4; 4 of them with no run delay and no steal", finding.Observed);
        Assert.Contains("nothing inside this guest caused them", finding.Why);
        Assert.Contains("Some hypervisors report no steal at all", finding.Why);
        Assert.Contains("--cpu 0,1", finding.Fix);
        Assert.Contains("another instance type", finding.Fix);
        Assert.Contains("ask the provider", finding.Fix);
    }

    [Fact]
    public void Given_stalls_mostly_from_the_run_queue_When_judged_Then_it_points_at_real_time_and_a_cpu_of_its_own()
    {
        var finding = StallsOf(new DoctorStalls(5, 4, 0, 0, 1, 1, 2_000_000));

        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Contains("run-queue delay", finding.Why);
        Assert.DoesNotContain("--cpu 0,1", finding.Fix);
    }

    [Fact]
    public void Given_a_measurement_without_stalls_When_judged_Then_it_is_ok() =>
        Assert.Equal(FindingStatus.Ok, StallsOf(new DoctorStalls(0, 0, 0, 0, 0, 0, 0)).Status);

    [Fact]
    public void Given_unexplained_stall_records_When_summarised_Then_only_those_with_near_zero_run_delay_and_zero_steal_are_quiet()
    {
        var stalls = DoctorStalls.From(
        [
            new("t", 1, 0, 2_000_000, 1, 0, "unexplained", 50_000, 0, 1_000_000_000),   // 2.5% of the lateness, no steal: quiet
            new("t", 2, 0, 2_000_000, 1, 0, "unexplained", 500_000, 0, 1_000_000_000),  // a quarter of it: not near zero
            new("t", 3, 0, 2_000_000, 1, 0, "unexplained", 0, null, 1_000_000_000),     // steal unreadable: no claim
            new("t", 4, 0, 2_000_000, 1, 0, "runqueue", 1_900_000, 0, 1_000_000_000),
        ], 4);

        Assert.Equal(new DoctorStalls(4, 1, 0, 0, 3, 1, 2_000_000), stalls);
    }
}
