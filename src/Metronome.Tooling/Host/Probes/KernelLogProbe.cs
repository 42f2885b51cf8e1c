using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Timing facts the kernel logged: clocksources, TSC and timer trouble, HPET, hypervisor, DAHDI (docs/doctor.md).</summary>
internal static partial class KernelLogProbe
{
    public static LogReading Read(KernelLog log, ProbeNotes notes)
    {
        if (log.Lines is null)
        {
            notes.Unknown(FactKey.KernelLog, log.Problem ?? "no kernel log");
            notes.Unknown(FactKey.TscUnstable, log.Problem ?? "no kernel log");
            return LogReading.None;
        }
        bool fromBoot = log.FromBoot && log.Whole;
        LogFact<T>? First<T>(Regex pattern, Func<Match, T> value) =>
            log.Find(pattern).Select(x => new LogFact<T>(value(x.Match), log.EvidenceAt(x.Index))).FirstOrDefault();
        LogFact<string>? FirstText(Regex pattern) => First(pattern, FirstGroup);
        LogFact<string>? Last(Regex pattern) =>
            log.Find(pattern).Select(x => new LogFact<string>(FirstGroup(x.Match), log.EvidenceAt(x.Index))).LastOrDefault();
        Evidence? Line(Regex pattern) => log.Find(pattern).Select(x => log.EvidenceAt(x.Index)).FirstOrDefault();
        LogFact<long>? Largest(Regex pattern, FactKey fact)
        {
            var largest = log.Find(pattern).Select(x => (N: long.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.Index))
                .OrderByDescending(x => x.N).FirstOrDefault();
            if (largest.N <= 0) return null;
            var evidence = log.EvidenceAt(largest.Index);
            notes.Saw(fact, evidence);
            return new LogFact<long>(largest.N, evidence);
        }

        var unstable = log.Find(UnstableClocksource()).Select(x => FirstGroup(x.Match) is "tsc-early" ? "tsc" : FirstGroup(x.Match)).Distinct(StringComparer.Ordinal).ToList();
        var tscLine = Line(TscUnstable());
        if (tscLine is not null && !unstable.Contains("tsc")) unstable.Add("tsc");
        bool? tscUnstable = tscLine is not null ? true : fromBoot ? false : null;
        if (tscUnstable is null) notes.Unknown(FactKey.TscUnstable, "no TSC line in the log given; only a whole log from boot, read on the host, shows there was none");
        var reason = FirstText(TscUnstableBecause()) ?? FirstText(TscUnstableDueTo());
        notes.Saw(FactKey.TscUnstable, tscLine ?? (tscUnstable == false ? Absent(log, "no TSC-unstable line") : null));
        notes.Saw(FactKey.TscUnstableReason, reason?.Evidence);

        var switchFailed = Line(HighResolutionFailed());
        notes.Saw(FactKey.HighResolutionSwitchFailed, switchFailed ?? (fromBoot ? Absent(log, "no 'Could not switch to high resolution mode' line") : null));

        var registered = new List<string>();
        Evidence? registeredEvidence = null;
        foreach (var (index, match) in log.Find(ClocksourceName()))
        {
            string name = FirstGroup(match).Trim('\'', '.', ':', ',');
            if (name.Length == 0 || registered.Contains(name)) continue;
            registered.Add(name);
            registeredEvidence ??= log.EvidenceAt(index);
        }
        notes.Saw(FactKey.ClocksourceRegistered, registeredEvidence);
        var switchedTo = Last(SwitchedToClocksource());

        var hypervisor = Last(HypervisorDetected());
        var paravirt = Last(BootingParavirtualized());
        notes.Saw(FactKey.Paravirt, paravirt?.Evidence);
        var dmi = FirstText(Dmi());
        string? dmiVendor = dmi is null ? null : VendorOf(dmi.Value);
        if (dmiVendor is not null) notes.Saw(FactKey.DmiVendor, dmi!.Evidence);
        // The kernel's own words ("Hypervisor detected:", then "Booting paravirtualized kernel on"); then the DMI strings,
        // lines only a guest of one hypervisor prints, and last "on bare hardware" (no paravirt ops installed).
        LogFact<Virtualization>? named =
            (hypervisor is not null ? new LogFact<Virtualization>(HypervisorNames.FromKernel(hypervisor.Value), hypervisor.Evidence) : null)
            ?? (paravirt is not null && HypervisorNames.FromKernel(paravirt.Value) is var p && p != Virtualization.None ? new LogFact<Virtualization>(p, paravirt.Evidence) : null);
        LogFact<Virtualization>? virtualization =
            (dmi is not null && HypervisorNames.FromText(dmi.Value) is { } d ? new LogFact<Virtualization>(d, dmi.Evidence) : null)
            ?? First(HypervisorHint(), m => m.Groups[1].Success ? Virtualization.Xen : m.Groups[2].Success ? Virtualization.Kvm : m.Groups[3].Success ? Virtualization.Vmware : Virtualization.Hyperv)
            ?? (paravirt is not null ? new LogFact<Virtualization>(Virtualization.None, paravirt.Evidence) : null);

        var modules = log.Find(DahdiModule()).Select(x => (Name: x.Match.Groups[1].Value.ToLowerInvariant() is "zapata telephony interface" ? "zaptel" : x.Match.Groups[1].Value, x.Index)).ToList();
        LogFact<IReadOnlyList<string>>? dahdiModules = modules.Count == 0 ? null
            : new(modules.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToArray(), log.EvidenceAt(modules[0].Index));

        // Timer trouble: each kind its largest or first instance, with its line.
        var hrtimer = Largest(HrtimerInterruptTook(), FactKey.HrtimerInterruptNs);
        var lostRtc = Largest(LostRtcInterrupts(), FactKey.LostRtcInterrupts);
        var softLockup = Largest(SoftLockup(), FactKey.SoftLockup);
        var watchdogComplaint = First(WatchdogComplaint(), m => m.Value.Trim());
        notes.Saw(FactKey.ClocksourceWatchdog, watchdogComplaint?.Evidence);
        var minDelta = FirstText(MinDeltaIncreased());
        notes.Saw(FactKey.MinDeltaIncreased, minDelta?.Evidence);
        var rtThrottled = Line(RtThrottling());
        notes.Saw(FactKey.RtThrottled, rtThrottled);
        var rcuStall = Line(RcuStall());
        notes.Saw(FactKey.RcuStall, rcuStall);

        var facts = new KernelLogFacts(
            true, unstable, switchFailed is not null ? true : fromBoot ? false : null, hrtimer?.Value,
            fromBoot, registered, switchedTo?.Value, reason?.Value,
            hypervisor?.Value, paravirt?.Value, dmi?.Value, dmiVendor,
            lostRtc?.Value, watchdogComplaint?.Value, minDelta?.Value, rtThrottled is not null ? true : null,
            softLockup?.Value, rcuStall is not null ? true : null);
        var linux = First(LinuxVersion(), m => (m.Groups[1].Value, m.Groups[2].Value.Trim())) ?? First(OopsHeader(), m => (m.Groups[1].Value, m.Groups[2].Value));
        return new LogReading(facts, tscUnstable,
            linux,
            switchedTo,
            Line(HpetPresent()) ?? lostRtc?.Evidence,
            First(HpetDisabled(), m => m.Groups[1].Success ? TimerDeviceFacts.HpetPc10
                : m.Groups[2].Success ? TimerDeviceFacts.HpetNotCounting
                : m.Groups[3].Success ? TimerDeviceFacts.HpetQuirk
                : TimerDeviceFacts.HpetCommandLine),
            Line(RtcPresent()),
            First(DynamicPreempt(), m => PreemptionModelNames.Parse(m.Groups[1].Value)) is { Value: { } mode } preempt ? new(mode, preempt.Evidence) : null,
            named,
            virtualization,
            Line(HighResolutionOn()),
            dahdiModules,
            First(DummyTimer(), m => DummyTimerKind(m.Groups[2].Value)),
            First(BannerArch(), m => FirstGroup(m)) ?? First(ArmProcessor(), m => "armv" + m.Groups[1].Value),
            Last(WatchdogName()));
    }

    /// <summary>The evidence of a "no" read from a whole log from boot: the line it lacks.</summary>
    private static Evidence Absent(KernelLog log, string what) => new(log.Source, null, $"{what} in the whole log from boot");

    /// <summary>The first group that took part in the match (patterns with alternatives capture in different groups).</summary>
    private static string FirstGroup(Match match) => match.Groups.Values.Skip(1).FirstOrDefault(g => g.Success)?.Value.Trim() ?? "";

    private static DummyTimer DummyTimerKind(string text) => text.ToLowerInvariant() switch
    {
        var t when t.Contains("high resolution") || t.Contains("hrtimer") => Facts.DummyTimer.Hrtimer,
        var t when t.Contains("hpet") => Facts.DummyTimer.Hpet,
        var t when t.Contains("rtc") => Facts.DummyTimer.Rtc,
        var t when t.Contains("uhci") || t.Contains("usb") => Facts.DummyTimer.Usb,
        _ => Facts.DummyTimer.KernelTimer,
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
}
