using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tests.Host;

/// <summary>The derivation rules of docs/doctor.md: each settles a fact the evidence implies, names itself, and never overrides a fact read directly.</summary>
public class DerivationTests
{
    private const string Available = "$ cat /sys/devices/system/clocksource/clocksource0/available_clocksource\n";
    private const string Current = "$ cat /sys/devices/system/clocksource/clocksource0/current_clocksource\n";

    [Fact]
    public void Given_tsc_current_and_listed_When_read_Then_the_tsc_is_not_unstable_by_the_tsc_in_use_rule_with_the_current_line()
    {
        var facts = Pasted.Facts(Pasted.Inspect(Current + "tsc\n" + Available + "tsc hpet acpi_pm\n"));

        Assert.Equal("no", facts["tsc.unstable"].Value);
        Assert.Equal(DerivationRule.TscInUse, facts["tsc.unstable"].Rule);
        Assert.Equal(2, facts["tsc.unstable"].Evidence.Line);
        Assert.Null(facts["clocksource.current"].Rule);
    }

    [Theory]
    [InlineData(Current + "tsc\n")] // without the available list: an unstable TSC stays current when nothing else can do high resolution
    [InlineData("[    1.2] clocksource: Switched to clocksource tsc\n" + Available + "tsc hpet\n")] // a log's last switch is only as recent as the lines given
    public void Given_tsc_current_without_the_premises_When_read_Then_tsc_unstable_stays_unknown(string paste) =>
        Assert.False(Pasted.Facts(Pasted.Inspect(paste)).ContainsKey("tsc.unstable"));

    [Fact]
    public void Given_tsc_current_and_a_log_line_marking_it_unstable_When_read_Then_the_line_wins() =>
        Assert.Equal("yes", Pasted.Facts(Pasted.Inspect(Current + "tsc\n" + Available + "tsc hpet\n"
            + "[ 5.0] clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:\n"))["tsc.unstable"].Value);

    [Theory]
    [InlineData(Available + "kvm-clock tsc acpi_pm\n", nameof(DerivationRule.NoHpetClocksource))]
    [InlineData("$ uname -m\naarch64\n", nameof(DerivationRule.NoHpetOffX86))]
    [InlineData("[    0.1] CPU: ARMv7 Processor [410fc075] revision 5 (ARMv7), cr=10c5387d\n", nameof(DerivationRule.NoHpetOffX86))]
    [InlineData("$ uname -m\nppc64le\n", nameof(DerivationRule.NoHpetOffX86))]
    [InlineData(Current + "arch_sys_counter\n", nameof(DerivationRule.NoHpetOffX86))]
    [InlineData("[ 9.0] clocksource: timekeeping watchdog on CPU1: acpi_pm wd-wd read-back delay of 144431ns\n", nameof(DerivationRule.WatchdogBelowHpet))]
    [InlineData("[ 9.0] clocksource:                       'acpi_pm' wd_now: 8d5199 wd_last: 60e92e mask: ffffff\n", nameof(DerivationRule.WatchdogBelowHpet))]
    public void Given_evidence_that_settles_no_hpet_When_read_Then_hpet_present_is_no_by_its_rule(string paste, string rule)
    {
        var fact = Pasted.Facts(Pasted.Inspect(paste))["hpet.present"];

        Assert.Equal("no", fact.Value);
        Assert.Equal(Enum.Parse<DerivationRule>(rule), fact.Rule);
    }

    [Theory]
    [InlineData("$ uname -m\nx86_64\n")]
    [InlineData("[ 9.0] clocksource: timekeeping watchdog on CPU1: kvm-clock wd-wd read-back delay of 144431ns\n")]
    [InlineData("$ uname -m\nmips64\n")] // Loongson 3 boards with an RS780E chipset drive an HPET (arch/mips/loongson64, CONFIG_RS780_HPET)
    [InlineData("$ uname -m\nloongarch64\n")] // Loongson's own HPET
    [InlineData(Current + "r4k\n")]
    public void Given_evidence_that_does_not_settle_hpet_When_read_Then_it_stays_unknown(string paste) =>
        Assert.False(Pasted.Facts(Pasted.Inspect(paste)).ContainsKey("hpet.present"));

    [Fact]
    public void Given_a_device_node_and_a_list_without_hpet_When_read_Then_the_direct_read_is_kept()
    {
        var fact = Pasted.Facts(Pasted.Inspect("crw------- 1 root root 10, 228 Nov  6 14:48 /dev/hpet\n" + Available + "tsc acpi_pm\n"))["hpet.present"];

        Assert.Equal("yes", fact.Value);
        Assert.Null(fact.Rule);
    }

    [Theory]
    [InlineData("event_handler:  tick_handle_oneshot_broadcast\n event_handler:  hrtimer_interrupt\n event_handler:  hrtimer_interrupt\n", "yes")]
    [InlineData(" event_handler:  tick_nohz_handler\n event_handler:  tick_nohz_handler\n", "no")]
    [InlineData(" event_handler:  tick_handle_periodic\n", "no")]
    public void Given_the_tick_devices_event_handlers_When_read_Then_high_resolution_follows_by_the_event_handler_rule(string paste, string active)
    {
        var fact = Pasted.Facts(Pasted.Inspect("$ sudo grep event_handler /proc/timer_list\n" + paste))["high-resolution.active"];

        Assert.Equal(active, fact.Value);
        Assert.Equal(DerivationRule.EventHandler, fact.Rule);
    }

    private const string Flags = "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc";

    [Theory]
    [InlineData(Flags + " rep_good nopl cpuid tsc_known_freq pni\n", "bare-metal")] // a current kernel (cpuid: 4.12) would name the bit
    [InlineData(Flags + " rep_good nopl cpuid hypervisor pni\n", "other")]
    public void Given_cpuinfo_flags_of_a_current_kernel_When_read_Then_the_hypervisor_flag_decides(string flags, string hypervisor)
    {
        var fact = Pasted.Facts(Pasted.Inspect(flags))["hypervisor"];

        Assert.Equal(hypervisor, fact.Value);
        Assert.Equal(hypervisor == "bare-metal" ? DerivationRule.NoHypervisorFlag : null, fact.Rule);
    }

    [Fact]
    public void Given_cpuinfo_flags_that_an_old_kernel_could_print_When_read_Then_their_lacking_hypervisor_proves_nothing() =>
        Assert.False(Pasted.Facts(Pasted.Inspect(Flags + " pni\n")).ContainsKey("hypervisor"));
}
