using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>Each fixture host: the facts the doctor must read from it, and the verdict it must give.</summary>
public class FixtureHostTests
{
    private static (HostInspection Inspection, IReadOnlyList<Finding> Findings, DoctorVerdict Verdict) Doctor(string host)
    {
        var inspection = HostInspector.InspectSnapshot(Fixtures.Host(host));
        var findings = DoctorRules.Evaluate(inspection, null);
        return (inspection, findings, Verdict.From(findings));
    }

    private static string StatusOf(IReadOnlyList<Finding> findings, FindingId id) => findings.Single(f => f.Id == id).Status.Name();

    [Fact]
    public void Given_a_firecracker_kvm_guest_in_docker_When_inspected_from_its_collected_snapshot_Then_it_is_a_kvm_guest_with_tsc_and_high_resolution()
    {
        var (i, findings, verdict) = Doctor("kvm-firecracker-docker");
        var h = i.Facts;

        Assert.Equal(Virtualization.Kvm, h.Virtualization);
        Assert.Equal("docker", h.Container);
        Assert.Equal("tsc", h.Clocksource.Current);
        Assert.Equal(["tsc", "kvm-clock"], h.Clocksource.Available);
        Assert.Equal(["lapic-deadline", "lapic-deadline"], h.ClockEvents.PerCpu);
        Assert.Equal("<NULL>", h.ClockEvents.Broadcast);
        Assert.Equal(new HighResolutionFacts(true, 1, "v0.10"), h.HighResolution);
        Assert.Equal(250, h.Hz);
        Assert.Equal(PreemptionModel.None, h.Preemption);
        Assert.False(h.Hpet.Present);
        Assert.False(h.Rtc.Present);
        Assert.False(h.TscUnstable);
        Assert.Equal("6.18.44-fc-v595", h.Kernel.Release);
        Assert.Null(h.Steal.Percent);
        Assert.True(h.Realtime.SchedFifo);
        Assert.Equal("warn", StatusOf(findings, FindingId.Preemption));
        Assert.Equal(DoctorVerdict.Caveats, verdict);
    }

    [Fact]
    public void Given_bare_metal_with_hpet_When_inspected_Then_it_is_ready()
    {
        var (i, findings, verdict) = Doctor("bare-metal-hpet");
        var h = i.Facts;

        Assert.Equal(Virtualization.None, h.Virtualization);
        Assert.Equal("none", h.Container);
        Assert.True(h.Hpet.Present);
        Assert.Equal(64, h.Hpet.MaxUserFreq);
        Assert.True(h.Hpet.MayRaiseMaxUserFreq); // CapEff 000001ffffffffff holds CAP_SYS_RESOURCE
        Assert.Contains("(max-user-freq 64 Hz; this process may exceed it)", findings.Single(f => f.Id == FindingId.Hpet).Observed);
        Assert.True(h.Rtc.Present);
        Assert.Equal(1000, h.Hz);
        Assert.Equal(PreemptionModel.Full, h.Preemption); // preempt=full on the command line beats the config default
        Assert.Equal("performance", h.Realtime.CpufreqGovernor);
        Assert.Equal(["dahdi", "dahdi_transcode"], h.Dahdi.Modules);
        Assert.Equal(["ctl", "pseudo", "timer"], h.Dahdi.Devices);
        Assert.Equal(1, h.Dahdi.Spans);
        Assert.Equal(AsteriskTiming.Timerfd, h.Asterisk.WillUse);
        Assert.DoesNotContain(findings, f => f.Status is FindingStatus.Warn or FindingStatus.Fail);
        Assert.Equal(DoctorVerdict.Ready, verdict);
    }

    [Fact]
    public void Given_a_kernel_without_high_resolution_mode_When_inspected_Then_it_is_unsuitable()
    {
        var (i, findings, verdict) = Doctor("no-high-resolution");
        var h = i.Facts;

        Assert.Equal(new HighResolutionFacts(false, 4_000_000, "v0.9"), h.HighResolution);
        Assert.Equal(["tick_handle_periodic"], h.ClockEvents.EventHandlers);
        Assert.Equal(Virtualization.None, h.Virtualization);
        // A hand-made snapshot (no metronome-live.json): its log lacking an hpet0 line is no proof of no HPET, but its
        // whole available_clocksource without hpet is (a working HPET always registers its clocksource).
        Assert.False(h.Hpet.Present);
        Assert.Equal(DerivationRule.NoHpetClocksource, i.Derived[FactKey.HpetPresent]);
        Assert.Equal("fail", StatusOf(findings, FindingId.HighResolution));
        Assert.Equal("fail", StatusOf(findings, FindingId.ClockEvents));
        Assert.Equal("unknown", StatusOf(findings, FindingId.Realtime)); // no live facts in this snapshot
        Assert.Equal(DoctorVerdict.Unsuitable, verdict);
    }

    [Fact]
    public void Given_a_hyperv_guest_on_the_msr_clocksource_When_inspected_Then_it_has_caveats()
    {
        var (i, findings, verdict) = Doctor("hyperv");

        Assert.Equal(Virtualization.Hyperv, i.Facts.Virtualization);
        Assert.Equal("hyperv_clocksource_msr", i.Facts.Clocksource.Current);
        Assert.Equal(["Hyper-V clockevent", "Hyper-V clockevent"], i.Facts.ClockEvents.PerCpu);
        Assert.Equal(PreemptionModel.Voluntary, i.Facts.Preemption);
        Assert.Equal("warn", StatusOf(findings, FindingId.Clocksource));
        Assert.Equal(DoctorVerdict.Caveats, verdict);
    }

    [Fact]
    public void Given_a_vmware_guest_When_inspected_Then_dmi_and_cpuid_say_vmware()
    {
        var (i, _, verdict) = Doctor("vmware");

        Assert.Equal(Virtualization.Vmware, i.Facts.Virtualization);
        Assert.True(i.Facts.Hpet.Present);
        Assert.Equal(PreemptionModel.Voluntary, i.Facts.Preemption);
        Assert.Equal(DoctorVerdict.Caveats, verdict);
    }

    [Fact]
    public void Given_asterisk_with_timerfd_noloaded_When_inspected_Then_it_falls_back_to_pthread_and_warns()
    {
        var (i, findings, _) = Doctor("vmware");

        Assert.True(i.Facts.Asterisk.Installed);
        Assert.Equal(["res_timing_pthread.so", "res_timing_timerfd.so"], i.Facts.Asterisk.TimingModules);
        Assert.Equal(["res_timing_timerfd.so"], i.Facts.Asterisk.Noloaded);
        Assert.Equal(AsteriskTiming.Pthread, i.Facts.Asterisk.WillUse);
        Assert.Equal("warn", StatusOf(findings, FindingId.Asterisk));
    }

    [Fact]
    public void Given_a_xen_guest_with_full_preemption_When_inspected_Then_it_is_ready()
    {
        var (i, findings, verdict) = Doctor("xen");

        Assert.Equal(Virtualization.Xen, i.Facts.Virtualization);
        Assert.Equal("xen", i.Facts.Clocksource.Current);
        Assert.Equal(PreemptionModel.Full, i.Facts.Preemption);
        Assert.Equal(1000, i.Facts.Hz);
        Assert.False(i.Facts.Hpet.Present);
        Assert.Equal("ok", StatusOf(findings, FindingId.Clocksource));
        Assert.Equal(DoctorVerdict.Ready, verdict);
    }

    [Fact]
    public void Given_a_guest_whose_tsc_was_marked_unstable_When_inspected_Then_the_fallback_and_the_log_are_reported()
    {
        var (i, findings, verdict) = Doctor("tsc-unstable");
        var h = i.Facts;

        Assert.True(h.TscUnstable);
        Assert.Equal("hpet", h.Clocksource.Current);
        Assert.Equal(["tsc"], h.KernelLog.UnstableClocksources);
        Assert.Equal(1_843_231, h.KernelLog.HrtimerInterruptMaxNs);
        Assert.Equal(Virtualization.Kvm, h.Virtualization);
        Assert.Equal(250, h.Hz); // no kernel config: from the live CLOCK_MONOTONIC_COARSE resolution
        Assert.Equal("warn", StatusOf(findings, FindingId.Tsc));
        Assert.Equal("warn", StatusOf(findings, FindingId.Clocksource));
        Assert.Equal("warn", StatusOf(findings, FindingId.TimerTrouble));
        Assert.Equal(DoctorVerdict.Caveats, verdict);
    }

    [Theory]
    [InlineData("bare-metal-hpet")]
    [InlineData("hyperv")]
    [InlineData("no-high-resolution")]
    [InlineData("kvm-firecracker-docker")]
    [InlineData("tsc-unstable")]
    [InlineData("vmware")]
    [InlineData("xen")]
    public void Given_a_snapshot_When_its_facts_are_stated_Then_each_names_the_evidence_it_was_read_from(string host)
    {
        var facts = FactSheet.From(HostInspector.InspectSnapshot(Fixtures.Host(host)));

        Assert.NotEmpty(facts);
        Assert.All(facts, f => Assert.NotEqual(FactSheet.Unrecorded, f.Evidence.Source));
    }
}
