using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tests.Host;

/// <summary>The trouble lines the kernel prints about timers: each recognised as a fact, each a finding with a fix (docs/doctor.md).</summary>
public class TroubleLineTests
{
    private static Finding FindingOf(HostInspection inspection, FindingId id) => DoctorRules.Evaluate(inspection, null).Single(f => f.Id == id);

    [Theory]
    [InlineData("[    0.128828] hpet: HPET dysfunctional in PC10. Force disabled.", "dysfunctional in PC10", "below PC10 in the firmware setup")]
    [InlineData("[    0.3] hpet: Counter not counting. HPET disabled", "its counter does not count", "fix the TSC")]
    [InlineData("[    0.0] Kernel command line: BOOT_IMAGE=/vmlinuz ro quiet hpet=disable", "hpet=disable on the kernel command line", "remove hpet=disable")]
    public void Given_a_line_saying_the_kernel_disabled_the_hpet_When_read_Then_it_is_not_present_and_the_finding_warns_with_a_fix(string line, string reason, string fix)
    {
        // The ACPI table line says the firmware describes an HPET; the kernel's refusal to use it is what counts.
        var inspection = Pasted.Inspect("[    0.0] ACPI: HPET id: 0x8086a201 base: 0xfed00000\n" + line + "\n");
        var facts = Pasted.Facts(inspection);
        var finding = FindingOf(inspection, FindingId.Hpet);

        Assert.Equal("no", facts["hpet.present"].Value);
        Assert.Equal("yes", facts["hpet.disabled"].Value);
        Assert.Equal(reason, inspection.Facts.Hpet.Disabled);
        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Contains(reason, finding.Observed);
        Assert.Contains(fix, finding.Fix);
    }

    [Theory]
    [InlineData("[  +5.001071] hpet1: lost 7 rtc interrupts\n[  +5.0] hpet1: lost 320 rtc interrupts\n", 320)]
    [InlineData("[ 4711.0] hpet: Lost 12 RTC interrupts\n", 12)]
    public void Given_lost_rtc_interrupts_When_read_Then_the_largest_count_is_a_fact_the_hpet_is_present_and_the_finding_warns(string paste, long lost)
    {
        var inspection = Pasted.Inspect(paste);
        var finding = FindingOf(inspection, FindingId.Hpet);

        Assert.Equal(lost, inspection.Facts.KernelLog.LostRtcInterrupts);
        Assert.Equal("yes", Pasted.Facts(inspection)["hpet.present"].Value);
        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Contains($"lost up to {lost}", finding.Observed);
        Assert.Contains("steal", finding.Fix);
    }

    [Theory]
    [InlineData("[14669.0] clocksource: timekeeping watchdog on CPU1: acpi_pm wd-wd read-back delay of 144431ns", nameof(FactKey.ClocksourceWatchdog), "read-back delay")]
    [InlineData("[ 17.5] CE: hpet increased min_delta_ns to 20115 nsec", nameof(FactKey.MinDeltaIncreased), "minimum delta of clock event device hpet")]
    [InlineData("[ 99.0] sched: RT throttling activated", nameof(FactKey.RtThrottled), "RT throttling activated")]
    [InlineData("[ 538.3] hrtimer: interrupt took 6663395 ns", nameof(FactKey.HrtimerInterruptNs), "hrtimer: interrupt took 6663395 ns")]
    public void Given_a_timer_trouble_line_When_read_Then_it_is_a_fact_and_the_timer_trouble_finding_warns_naming_it(string line, string factName, string named)
    {
        var fact = Enum.Parse<FactKey>(factName);
        var inspection = Pasted.Inspect(line + "\n");
        var finding = FindingOf(inspection, FindingId.TimerTrouble);

        Assert.Contains(FactSheet.From(inspection), f => f.Name == fact && f.Evidence.Line == 1);
        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Contains(named, finding.Observed);
        Assert.NotNull(finding.Fix);
    }

    [Fact]
    public void Given_a_fragment_without_trouble_When_judged_Then_timer_trouble_is_unknown_not_ok()
    {
        var finding = FindingOf(Pasted.Inspect("[ 1.0] clocksource: Switched to clocksource tsc\n"), FindingId.TimerTrouble);

        Assert.Equal(FindingStatus.Unknown, finding.Status);
        Assert.Contains("cannot show there was none", finding.Observed);
    }

    [Theory]
    [InlineData("[Thu Mar 25 00:50:20 2021] watchdog: BUG: soft lockup - CPU#1 stuck for 2471s! [CPU 0/KVM:31664]", "a soft lockup (a CPU stuck for 2471 s)")]
    [InlineData("[   24.713693] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:", "an RCU stall")]
    [InlineData("[ 5.0] INFO: rcu_preempt self-detected stall on CPU", "an RCU stall")]
    public void Given_a_kernel_stall_line_When_read_Then_the_stalls_finding_warns(string line, string observed)
    {
        var finding = FindingOf(Pasted.Inspect(line + "\n"), FindingId.Stalls);

        Assert.Equal(FindingStatus.Warn, finding.Status);
        Assert.Equal($"the kernel reported {observed}", finding.Observed);
    }

    [Theory]
    [InlineData("Hypervisor detected: PVM", nameof(Virtualization.Pvm))]
    [InlineData("Hypervisor detected: ACRN", nameof(Virtualization.Acrn))]
    [InlineData("Hypervisor detected: Jailhouse", nameof(Virtualization.Jailhouse))]
    [InlineData("Hypervisor detected: Microsoft Hyper-V", nameof(Virtualization.Hyperv))]
    [InlineData("Hypervisor detected: Xen HVM", nameof(Virtualization.Xen))]
    [InlineData("Hypervisor detected: Nimbus 3", nameof(Virtualization.Other))]
    [InlineData("Booting paravirtualized kernel on PVM", nameof(Virtualization.Pvm))]
    [InlineData("Booting paravirtualized kernel on Xen PVH", nameof(Virtualization.Xen))]
    [InlineData("DMI: Bochs Bochs, BIOS Bochs 01/01/2011", nameof(Virtualization.Kvm))]
    [InlineData("Hardware name: VMware, Inc. VMware20,1/440BX Desktop Reference Platform, BIOS VMW201.00V", nameof(Virtualization.Vmware))]
    [InlineData("KVM setup async PF for cpu 0", nameof(Virtualization.Kvm))]
    public void Given_the_kernels_words_about_its_hypervisor_When_read_Then_it_is_named(string line, string expected) =>
        Assert.Equal(Enum.Parse<Virtualization>(expected), Pasted.Inspect($"[    0.000000] {line}\n").Facts.Virtualization);

    [Fact]
    public void Given_a_google_chromebooks_dmi_line_When_read_Then_it_names_no_hypervisor() =>
        Assert.Equal(Virtualization.Unknown, Pasted.Inspect("[    0.000000] DMI: GOOGLE Setzer/Setzer, BIOS MrChromebox-4.18.2 11/29/2022\n").Facts.Virtualization);

    [Fact]
    public void Given_the_kernels_word_and_a_cpuid_signature_When_inspected_Then_the_kernels_word_wins()
    {
        var root = PastedEvidence.Read(("dmesg.txt", "[    0.000000] Hypervisor detected: PVM\n")).Root;
        var live = new LiveFacts("KVMKVMKVM", true, 1, 4_000_000, null, null, []);

        Assert.Equal(Virtualization.Pvm, HostInspector.Inspect(root, live, null, KernelLog.Read(root)).Facts.Virtualization);
    }

    [Fact]
    public void Given_an_oops_header_When_read_Then_it_names_the_kernel_release_and_the_dmi_vendor()
    {
        var facts = Pasted.Facts(Pasted.Inspect("[   48.094824] CPU: 1 PID: 12 Comm: migration/1 Tainted: G           OE   4.4.180+ #42962\n"
            + "[   48.096242] Hardware name: VMware, Inc. VMware20,1/440BX Desktop Reference Platform, BIOS VMW201.00V.20192059.B64.2207280713 07/28/2022\n"));

        Assert.Equal("4.4.180+", facts["kernel.version"].Value);
        Assert.Equal("#42962", facts["kernel.build"].Value);
        Assert.Equal("VMware, Inc.", facts["dmi.vendor"].Value);
    }
}
