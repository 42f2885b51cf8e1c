using System.Globalization;
using System.Text.RegularExpressions;

namespace Metronome.Tooling.Host.Probes;

/// <summary>A value read from one kernel log line, with that line.</summary>
internal sealed record LogFact<T>(T Value, Evidence Evidence);

/// <summary>Everything the doctor takes from the kernel log; the other probes use it where their own files are silent.</summary>
internal sealed record LogReading(
    KernelLogFacts Facts,
    bool? TscUnstable,
    LogFact<(string Release, string Version)>? LinuxVersion,
    LogFact<string>? SwitchedTo,
    Evidence? Hpet,
    Evidence? Rtc,
    LogFact<string>? DynamicPreempt,
    LogFact<string>? Virtualization,
    Evidence? HighResolutionOn,
    LogFact<IReadOnlyList<string>>? DahdiModules,
    LogFact<string>? DummyTimer,
    LogFact<string>? Arch);

/// <summary>Timing facts the kernel logged: clocksources, TSC and timer trouble, HPET, hypervisor, DAHDI (docs/doctor.md).</summary>
internal static partial class KernelLogProbe
{
    public static LogReading Read(KernelLog log, ProbeNotes notes)
    {
        if (log.Lines is null)
        {
            notes.Unknown("kernelLog", log.Problem ?? "no kernel log");
            notes.Unknown("tsc.unstable", log.Problem ?? "no kernel log");
            return new LogReading(new KernelLogFacts(false, [], null, null), null, null, null, null, null, null, null, null, null, null, null);
        }
        bool fromBoot = log.FromBoot && log.Whole;
        LogFact<string>? First(Regex pattern, Func<Match, string>? value = null) =>
            log.Find(pattern).Select(x => new LogFact<string>((value ?? FirstGroup)(x.Match), log.EvidenceAt(x.Index))).FirstOrDefault();
        LogFact<string>? Last(Regex pattern) =>
            log.Find(pattern).Select(x => new LogFact<string>(FirstGroup(x.Match), log.EvidenceAt(x.Index))).LastOrDefault();

        var unstable = log.Find(UnstableClocksource()).Select(x => FirstGroup(x.Match) is "tsc-early" ? "tsc" : FirstGroup(x.Match)).Distinct(StringComparer.Ordinal).ToList();
        var tscLine = log.Find(TscUnstable()).Select(x => log.EvidenceAt(x.Index)).FirstOrDefault();
        if (tscLine is not null && !unstable.Contains("tsc")) unstable.Add("tsc");
        bool? tscUnstable = tscLine is not null ? true : fromBoot ? false : null;
        if (tscUnstable is null) notes.Unknown("tsc.unstable", "no TSC line in the log given; only a whole log from boot, read on the host, shows there was none");
        var reason = First(TscUnstableBecause()) ?? First(TscUnstableDueTo());
        notes.Saw("tsc.unstable", tscLine ?? (tscUnstable == false ? Absent(log, "no TSC-unstable line") : null));
        notes.Saw("tsc.unstable-reason", reason?.Evidence);

        var switchFailed = log.Find(HighResolutionFailed()).Select(x => log.EvidenceAt(x.Index)).FirstOrDefault();
        notes.Saw("high-resolution.switch-failed", switchFailed ?? (fromBoot ? Absent(log, "no 'Could not switch to high resolution mode' line") : null));
        var hrtimer = log.Find(HrtimerInterruptTook()).Select(x => (Ns: long.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Index))
            .OrderByDescending(x => x.Ns).FirstOrDefault();
        long? hrtimerMax = hrtimer.Ns > 0 ? hrtimer.Ns : null;
        if (hrtimerMax is not null) notes.Saw("timer-trouble.hrtimer-interrupt-ns", log.EvidenceAt(hrtimer.Index));

        var registered = new List<string>();
        Evidence? registeredEvidence = null;
        foreach (var (index, match) in log.Find(ClocksourceName()))
        {
            string name = FirstGroup(match).Trim('\'', '.', ':', ',');
            if (name.Length == 0 || registered.Contains(name)) continue;
            registered.Add(name);
            registeredEvidence ??= log.EvidenceAt(index);
        }
        notes.Saw("clocksource.registered", registeredEvidence);
        var switchedTo = Last(SwitchedToClocksource());

        var hypervisor = Last(HypervisorDetected());
        var paravirt = Last(BootingParavirtualized());
        notes.Saw("paravirt", paravirt?.Evidence);
        var dmi = First(Dmi());
        string? dmiVendor = dmi is null ? null : VendorOf(dmi.Value);
        if (dmiVendor is not null) notes.Saw("dmi.vendor", dmi!.Evidence);
        LogFact<string>? virtualization =
            (hypervisor is not null && VirtualizationProbe.FromName(hypervisor.Value) is { } h ? hypervisor with { Value = h } : null)
            ?? (dmi is not null && VirtualizationProbe.FromName(dmi.Value) is { } d ? dmi with { Value = d } : null)
            ?? First(HypervisorHint(), m => m.Groups[1].Success ? "xen" : m.Groups[2].Success ? "kvm" : m.Groups[3].Success ? "vmware" : "hyperv")
            ?? (paravirt?.Value == "bare hardware" ? paravirt with { Value = "none" }
                : paravirt is not null && VirtualizationProbe.FromName(paravirt.Value) is { } p ? paravirt with { Value = p } : null);

        var modules = log.Find(DahdiModule()).Select(x => (Name: x.Match.Groups[1].Value.ToLowerInvariant() is "zapata telephony interface" ? "zaptel" : x.Match.Groups[1].Value, x.Index)).ToList();
        LogFact<IReadOnlyList<string>>? dahdiModules = modules.Count == 0 ? null
            : new(modules.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToArray(), log.EvidenceAt(modules[0].Index));
        var dummyTimer = First(DummyTimer(), m => DummyTimerKind(m.Groups[2].Value));

        var facts = new KernelLogFacts(
            true, unstable, switchFailed is not null ? true : fromBoot ? false : null, hrtimerMax,
            fromBoot, registered, switchedTo?.Value, reason?.Value,
            hypervisor?.Value, paravirt?.Value, dmi?.Value, dmiVendor);
        var linux = First(LinuxVersion(), m => m.Groups[1].Value + "\n" + m.Groups[2].Value.Trim());
        return new LogReading(facts, tscUnstable,
            linux is null ? null : new((linux.Value.Split('\n')[0], linux.Value.Split('\n')[1]), linux.Evidence),
            switchedTo,
            log.Find(HpetPresent()).Select(x => log.EvidenceAt(x.Index)).FirstOrDefault(),
            log.Find(RtcPresent()).Select(x => log.EvidenceAt(x.Index)).FirstOrDefault(),
            Last(DynamicPreempt()),
            virtualization,
            log.Find(HighResolutionOn()).Select(x => log.EvidenceAt(x.Index)).FirstOrDefault(),
            dahdiModules,
            dummyTimer,
            First(BannerArch(), m => FirstGroup(m)));
    }

    /// <summary>The evidence of a "no" read from a whole log from boot: the line it lacks.</summary>
    private static Evidence Absent(KernelLog log, string what) => new(log.Source, null, $"{what} in the whole log from boot");

    /// <summary>The first group that took part in the match (patterns with alternatives capture in different groups).</summary>
    private static string FirstGroup(Match match) => match.Groups.Values.Skip(1).FirstOrDefault(g => g.Success)?.Value.Trim() ?? "";

    private static string DummyTimerKind(string text) => text.ToLowerInvariant() switch
    {
        var t when t.Contains("high resolution") || t.Contains("hrtimer") => "hrtimer",
        var t when t.Contains("hpet") => "hpet",
        var t when t.Contains("rtc") => "rtc",
        var t when t.Contains("uhci") || t.Contains("usb") => "usb",
        _ => "kernel-timer",
    };

    /// <summary>The vendor at the start of a "DMI:" line, when it is one the doctor knows (vendors' names hold spaces and commas).</summary>
    internal static string? VendorOf(string dmi) =>
        KnownVendors.FirstOrDefault(v => dmi.StartsWith(v, StringComparison.OrdinalIgnoreCase) && (dmi.Length == v.Length || !char.IsLetterOrDigit(dmi[v.Length])));

    private static readonly string[] KnownVendors =
    [
        "VMware, Inc.", "Microsoft Corporation", "QEMU", "innotek GmbH", "Xen", "Red Hat", "Amazon EC2", "Google", "OpenStack Foundation",
        "Parallels Software International Inc.", "Parallels", "BHYVE", "Bochs", "DigitalOcean", "Hetzner", "Scaleway", "Alibaba Cloud", "Nutanix",
        "Dell Inc.", "Dell Computer Corporation", "HP", "Hewlett-Packard", "Hewlett Packard Enterprise", "LENOVO", "IBM", "Supermicro", "Intel Corporation",
        "ASUS", "ASUSTeK COMPUTER INC.", "Gigabyte Technology Co., Ltd.", "Micro-Star International Co., Ltd.", "MSI", "Acer", "TOSHIBA", "Sony Corporation",
        "FUJITSU", "Cisco Systems Inc", "Apple Inc.", "Raspberry Pi", "PC Engines", "System manufacturer", "To Be Filled By O.E.M.",
    ];

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

    /// <summary>Every way the log names a clocksource: registration, switch, watchdog, unstable, sync check, override.</summary>
    [GeneratedRegex(@"clocksource:? ([\w.-]+): mask:|Switch(?:ed|ing) to clocksource ([\w.-]+)|Marking clocksource '([\w.-]+)'|^\W*clocksource:\s+'([\w.-]+)' (?:wd|cs)_|timekeeping watchdog on CPU\d+: ([\w.-]+) read-back delay|Checking clocksource ([\w.-]+) synchronization|Time: ([\w.-]+) clocksource has been installed|^Clocksource ([\w.-]+) unstable \(")]
    private static partial Regex ClocksourceName();

    [GeneratedRegex(@"Switched to clocksource ([\w.-]+)|Time: ([\w.-]+) clocksource has been installed")]
    private static partial Regex SwitchedToClocksource();

    [GeneratedRegex(@"Hypervisor detected: (.+)$")]
    private static partial Regex HypervisorDetected();

    [GeneratedRegex(@"Booting paravirtualized kernel on (.+?)\s*$")]
    private static partial Regex BootingParavirtualized();

    [GeneratedRegex(@"\bDMI: (.+?)\s*$")]
    private static partial Regex Dmi();

    /// <summary>Lines only a guest of one hypervisor prints.</summary>
    [GeneratedRegex(@"(Xen version: \d|Xen HVM callback vector|xen: using vcpuop timer)|(kvm-clock: Using msrs|kvm-clock: cpu \d+, msr)|(vmware: TSC freq read from hypervisor|VMware hypervisor|VMware vmxnet|vmw_vmci)|(Hyper-V: privilege flags|Hyper-V Host Build)")]
    private static partial Regex HypervisorHint();

    /// <summary>The boot banner names the architecture in a Red Hat style release ("4.14.55-84.37.amzn2.x86_64") or a cross compiler ("aarch64-linux-gnu-gcc").</summary>
    [GeneratedRegex(@"Linux version \S+\.(x86_64|i[3-6]86|aarch64)\s|Linux version \S+ \(.*?\((x86_64|i[3-6]86|aarch64|arm|riscv64|mips\w*|powerpc\w*)-[\w.-]*-gcc")]
    private static partial Regex BannerArch();

    [GeneratedRegex(@"Linux version (\d\S*)(?: .*?(#\d+.*))?")]
    private static partial Regex LinuxVersion();

    [GeneratedRegex(@"hpet\d*: at MMIO|hpet\d*: \d+ comparators|HPET: \d+ timers|clocksource:? hpet: mask|Switched to clocksource hpet|'hpet' wd_now|watchdog on CPU\d+: hpet read-back|ACPI: HPET (?:id|0x)|hpet clockevent registered")]
    private static partial Regex HpetPresent();

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
