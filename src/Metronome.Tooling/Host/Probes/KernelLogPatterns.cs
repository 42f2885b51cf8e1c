using System.Text.RegularExpressions;

namespace Metronome.Tooling.Host.Probes;

/// <summary>The kernel log lines the doctor reads, as the kernel prints them (docs/doctor.md's fact table names the sources).</summary>
internal static partial class KernelLogProbe
{
    /// <summary>"Marking clocksource 'X' as unstable" (2.6.31+) or the older "Clocksource X unstable (delta = N ns)".</summary>
    [GeneratedRegex(@"Marking clocksource '([\w.-]+)' as unstable|^Clocksource ([\w.-]+) unstable \(")]
    private static partial Regex UnstableClocksource();

    [GeneratedRegex(@"Marking TSC unstable|Marking clocksource 'tsc(?:-early)?' as unstable|TSC found unstable after boot|^Clocksource tsc unstable \(")]
    private static partial Regex TscUnstable();

    [GeneratedRegex(@"Marking clocksource 'tsc(?:-early)?' as unstable because (.+?):?\s*$|^Clocksource tsc unstable \((.+)\)")]
    private static partial Regex TscUnstableBecause();

    [GeneratedRegex(@"Marking TSC unstable due to:? (.+?)\.?\s*$")]
    private static partial Regex TscUnstableDueTo();

    [GeneratedRegex(@"Could not switch to high resolution mode|could not switch to one-shot mode")]
    private static partial Regex HighResolutionFailed();

    [GeneratedRegex(@"Switched to high resolution mode on CPU")]
    private static partial Regex HighResolutionOn();

    [GeneratedRegex(@"hrtimer: interrupt took (\d{1,15}) ns")]
    private static partial Regex HrtimerInterruptTook();

    /// <summary>
    /// arch/x86/kernel/hpet.c, hpet_rtc_timer_reinit(): the HPET emulating the RTC's periodic interrupt counted ticks it missed
    /// ("hpet1: lost N rtc interrupts" until 4.x, "hpet: Lost N RTC interrupts" since).
    /// </summary>
    [GeneratedRegex(@"\bhpet\d*: [Ll]ost (\d{1,12}) (?:rtc|RTC) interrupts")]
    private static partial Regex LostRtcInterrupts();

    /// <summary>
    /// The clocksource watchdog's complaints (kernel/time/clocksource.c): a read-back too slow to judge ("wd-wd read-back
    /// delay", "clock-skew test skipped", "retried N times"), a skipped check, or a clocksource it marked unstable.
    /// </summary>
    [GeneratedRegex(@"timekeeping watchdog on CPU\d+: .*(?:read-back delay|retried \d+ times|Marking clocksource)|wd-[\w.-]+-wd (?:excessive )?read-back delay.*|Long readout interval, skipping watchdog check.*|timekeeping watchdog: Marking clocksource .*")]
    private static partial Regex WatchdogComplaint();

    /// <summary>The watchdog clocksource the watchdog's lines name: "... on CPU1: acpi_pm wd-wd read-back delay", "'hpet' wd_now:", "'acpi_pm' wd_nsec:".</summary>
    [GeneratedRegex(@"timekeeping watchdog on CPU\d+: ([\w.-]+) (?:wd-wd read-back delay|read-back delay|retried)|'([\w.-]+)' wd_(?:now|nsec):")]
    private static partial Regex WatchdogName();

    /// <summary>kernel/time/clockevents.c: a clock event device had to have its minimum delta raised (it missed its programmed events).</summary>
    [GeneratedRegex(@"CE: ([\w.-]+) increased min_delta_ns to \d+ nsec")]
    private static partial Regex MinDeltaIncreased();

    [GeneratedRegex(@"sched: RT throttling activated")]
    private static partial Regex RtThrottling();

    /// <summary>kernel/watchdog.c: "BUG: soft lockup - CPU#3 stuck for 23s!" (the older "soft lockup detected on CPU#0!" has no duration).</summary>
    [GeneratedRegex(@"BUG: soft lockup - CPU#\d+ stuck for (\d{1,9})s")]
    private static partial Regex SoftLockup();

    /// <summary>kernel/rcu/tree_stall.h: "rcu: INFO: rcu_sched detected stalls on CPUs/tasks", "rcu_preempt self-detected stall on CPU", "rcu_sched kthread starved for".</summary>
    [GeneratedRegex(@"\brcu_\w+ (?:self-)?detected stalls?\b|\brcu_\w+ kthread (?:starved|timer wakeup didn't happen)|INFO: Stall ended before state dump start")]
    private static partial Regex RcuStall();

    /// <summary>Every way the log names a clocksource: registration, switch, watchdog, unstable, sync check, override.</summary>
    [GeneratedRegex(@"clocksource:? ([\w.-]+): mask:|Switch(?:ed|ing) to clocksource ([\w.-]+)|Marking clocksource '([\w.-]+)'|^\W*clocksource:\s+'([\w.-]+)' (?:wd|cs)_|timekeeping watchdog on CPU\d+: ([\w.-]+) (?:wd-wd )?read-back delay|wd-([\w.-]+)-wd (?:excessive )?read-back delay|Checking clocksource ([\w.-]+) synchronization|Time: ([\w.-]+) clocksource has been installed|^Clocksource ([\w.-]+) unstable \(")]
    private static partial Regex ClocksourceName();

    [GeneratedRegex(@"Switched to clocksource ([\w.-]+)|Time: ([\w.-]+) clocksource has been installed")]
    private static partial Regex SwitchedToClocksource();

    [GeneratedRegex(@"Hypervisor detected: (.+?)\s*$")]
    private static partial Regex HypervisorDetected();

    [GeneratedRegex(@"Booting paravirtualized kernel on (.+?)\s*$")]
    private static partial Regex BootingParavirtualized();

    /// <summary>"DMI: vendor product, BIOS ..." at boot, or an oops header's "Hardware name:" (the same DMI strings, lib/dump_stack.c).</summary>
    [GeneratedRegex(@"\b(?:DMI|Hardware name): (.+?)\s*$")]
    private static partial Regex Dmi();

    /// <summary>Lines only a guest of one hypervisor prints.</summary>
    [GeneratedRegex(@"(Xen version: \d|Xen HVM callback vector|xen: using vcpuop timer)|(kvm-clock: Using msrs|kvm-clock: cpu \d+, msr|KVM setup async PF for cpu|kvm-stealtime: cpu \d+|kvm-guest: (?:setup async PF|stealtime))|(vmware: TSC freq read from hypervisor|VMware hypervisor|VMware vmxnet|vmw_vmci)|(Hyper-V: privilege flags|Hyper-V Host Build)")]
    private static partial Regex HypervisorHint();

    /// <summary>The boot banner names the architecture in a Red Hat style release ("4.14.55-84.37.amzn2.x86_64") or a cross compiler ("aarch64-linux-gnu-gcc").</summary>
    [GeneratedRegex(@"Linux version \S+\.(x86_64|i[3-6]86|aarch64)\s|Linux version \S+ \(.*?\((x86_64|i[3-6]86|aarch64|arm|riscv64|mips\w*|powerpc\w*)-[\w.-]*-gcc")]
    private static partial Regex BannerArch();

    /// <summary>arch/arm/kernel/setup.c: "CPU: ARMv7 Processor [411fc093] revision 3 (ARMv7), cr=10c5387d" (32-bit ARM only).</summary>
    [GeneratedRegex(@"CPU: \S.* Processor \[[0-9a-f]+\] revision \d+ \(ARMv(\d+)\w*\)")]
    private static partial Regex ArmProcessor();

    [GeneratedRegex(@"Linux version (\d\S*)(?: .*?(#\d+.*))?")]
    private static partial Regex LinuxVersion();

    /// <summary>An oops or warning header (lib/dump_stack.c): "CPU: 1 PID: 12 Comm: migration/1 Tainted: G OE 4.4.180+ #42962": the release and build.</summary>
    [GeneratedRegex(@"CPU: \d+ (?:UID: \d+ )?PID: \d+ Comm: \S.{0,19}? (?:Not tainted|Tainted: [A-Z ]+?)\s+(\d+\.\d+\S*) (#\S+)")]
    private static partial Regex OopsHeader();

    [GeneratedRegex(@"hpet\d*: at MMIO|hpet\d*: \d+ comparators|HPET: \d+ timers|clocksource:? hpet: mask|Switched to clocksource hpet|'hpet' wd_now|watchdog on CPU\d+: hpet read-back|ACPI: HPET (?:id|0x)|hpet clockevent registered")]
    private static partial Regex HpetPresent();

    /// <summary>
    /// The kernel found an HPET and will not use it (arch/x86/kernel/hpet.c, early-quirks.c): PC10 damage (5.15+), a counter
    /// that does not count, the platform quirk, or hpet=disable on the command line.
    /// </summary>
    [GeneratedRegex(@"(HPET dysfunctional in PC10)|(Counter not counting\. HPET disabled|HPET counter not counting)|(Will disable the HPET for this platform)|Kernel command line:.*\bhpet=disable\b")]
    private static partial Regex HpetDisabled();

    [GeneratedRegex(@"rtc_cmos \S+: (?:RTC can wake|rtc core: registered|registered as rtc\d)|rtc\d: (?:alarms up to|registered)|Real Time Clock Driver v")]
    private static partial Regex RtcPresent();

    [GeneratedRegex(@"Dynamic Preempt: (\w+)")]
    private static partial Regex DynamicPreempt();

    /// <summary>A line a DAHDI or zaptel module printed: "dahdi: ...", "dahdi_dummy: ...", "wctdm24xxp 0000:01:00.0: ...".</summary>
    [GeneratedRegex(@"^\W*(dahdi(?:_\w+)?|ztdummy|zaptel|Zapata Telephony Interface|wct\w+|wcb\w+|wcte\w+|wcfxo|wcaxx|xpp\w*|tor2|pciradio)\d*(?::| \S+:| Registered| loaded)")]
    private static partial Regex DahdiModule();

    [GeneratedRegex(@"(dahdi_dummy|ztdummy): (Trying to load (.+)|(.*High Resolution Timer started.*)|(RTC rate is .+)|(.*HPET.*)|(.*UHCI.*|.*USB.*)|(.*kernel timer.*))", RegexOptions.IgnoreCase)]
    private static partial Regex DummyTimer();
}
