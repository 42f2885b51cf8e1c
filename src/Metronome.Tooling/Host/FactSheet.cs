using System.Globalization;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host;

/// <summary>One fact as a report states it: its name (docs/doctor.md's fact table), its value, where it was read, and the rule that derived it (null when read directly).</summary>
internal sealed record StatedFact(FactKey Name, string Value, Evidence Evidence, DerivationRule? Rule = null);

/// <summary>
/// The known facts of an inspection, flat, each with its evidence: the `facts` of `doctor --json`, and
/// what the fixture tests compare with their expectations. A fact that is null (unknown) is not stated;
/// a fact without recorded evidence is stated with the evidence "unrecorded" (a test keeps that from happening).
/// </summary>
internal static class FactSheet
{
    public const string Unrecorded = "unrecorded";

    public static IReadOnlyList<StatedFact> From(HostInspection inspection)
    {
        var f = inspection.Facts;
        var list = new List<StatedFact>();
        void Add(FactKey name, string? value, FactKey? evidenceOf = null)
        {
            if (value is null) return;
            var key = evidenceOf ?? name;
            list.Add(new StatedFact(name, value, inspection.Evidence.GetValueOrDefault(key) ?? new Evidence(Unrecorded), inspection.Derived.TryGetValue(key, out var rule) ? rule : null));
        }
        static string? YesNo(bool? b) => b switch { true => "yes", false => "no", null => null };
        static string? List(IReadOnlyList<string>? items) => items is null ? null : items.Count == 0 ? "none" : string.Join(", ", items);
        static string? Number(long? n) => n?.ToString(CultureInfo.InvariantCulture);
        static string? Percent(double? p) => p?.ToString("0.00", CultureInfo.InvariantCulture);

        Add(FactKey.KernelVersion, f.Kernel.Release);
        Add(FactKey.KernelBuild, f.Kernel.Version);
        Add(FactKey.Arch, f.Kernel.Arch switch
        {
            "aarch64" or "arm64" => "arm64",
            var a when a is not null && System.Text.RegularExpressions.Regex.IsMatch(a, "^i[3-6]86$") => "i386",
            var a when a?.StartsWith("armv", StringComparison.Ordinal) == true => "arm",
            var a => a,
        });
        Add(FactKey.Hypervisor, f.Virtualization switch { Virtualization.Unknown => null, Virtualization.None => "bare-metal", var v => v.Name() });
        Add(FactKey.Paravirt, f.KernelLog.Paravirt);
        Add(FactKey.DmiVendor, f.KernelLog.DmiVendor);
        Add(FactKey.Container, f.Container);
        Add(FactKey.ClocksourceCurrent, f.Clocksource.Current);
        Add(FactKey.ClocksourceAvailable, f.Clocksource.Available.Count > 0 ? string.Join(", ", f.Clocksource.Available) : null);
        // The clocksources the log names; without a log, the registered ones sysfs lists as available.
        if (f.KernelLog.Registered is { Count: > 0 } r) Add(FactKey.ClocksourceRegistered, string.Join(", ", r));
        else Add(FactKey.ClocksourceRegistered, f.Clocksource.Available.Count > 0 ? string.Join(", ", f.Clocksource.Available) : null, FactKey.ClocksourceAvailable);
        Add(FactKey.TscUnstable, YesNo(f.TscUnstable));
        Add(FactKey.TscUnstableReason, f.KernelLog.TscUnstableReason);
        Add(FactKey.HpetPresent, YesNo(f.Hpet.Present));
        Add(FactKey.HpetDisabled, f.Hpet.Disabled is null ? null : "yes");
        Add(FactKey.RtcPresent, YesNo(f.Rtc.Present));
        Add(FactKey.HighResolutionSwitchFailed, YesNo(f.KernelLog.HighResolutionSwitchFailed));
        Add(FactKey.HighResolutionActive, YesNo(f.HighResolution.Active));
        Add(FactKey.HighResolutionResolutionNs, Number(f.HighResolution.ResolutionNs));
        Add(FactKey.TimerListVersion, f.HighResolution.TimerListVersion);
        Add(FactKey.ClockeventDevice, f.ClockEvents.PerCpu.Count > 0 ? string.Join(", ", f.ClockEvents.PerCpu.Distinct()) : null);
        Add(FactKey.ClockeventBroadcast, f.ClockEvents.Broadcast);
        Add(FactKey.Hz, Number(f.Hz));
        Add(FactKey.Preemption, f.Preemption?.Name());
        Add(FactKey.HrtimerInterruptNs, Number(f.KernelLog.HrtimerInterruptMaxNs));
        Add(FactKey.LostRtcInterrupts, Number(f.KernelLog.LostRtcInterrupts));
        Add(FactKey.ClocksourceWatchdog, f.KernelLog.ClocksourceWatchdog is null ? null : "yes");
        Add(FactKey.MinDeltaIncreased, f.KernelLog.MinDeltaIncreased);
        Add(FactKey.RtThrottled, YesNo(f.KernelLog.RtThrottled));
        Add(FactKey.SoftLockup, f.KernelLog.SoftLockupSeconds is null ? null : "yes");
        Add(FactKey.RcuStall, YesNo(f.KernelLog.RcuStall));
        Add(FactKey.DahdiModules, List(f.Dahdi.Modules));
        Add(FactKey.DahdiDevices, List(f.Dahdi.Devices));
        Add(FactKey.DahdiDummyTimer, f.Dahdi.DummyTimer?.Name());
        Add(FactKey.DahdiSpans, Number(f.Dahdi.Spans));
        Add(FactKey.DahdiServedBy, f.Dahdi.ServedBy);
        Add(FactKey.DahdiRequestsPerSecond, f.Dahdi.Load?.RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture));
        Add(FactKey.DahdiRequestCeiling, f.Dahdi.Load?.CeilingText);
        Add(FactKey.AsteriskInstalled, YesNo(f.Asterisk.Installed));
        Add(FactKey.AsteriskTiming, f.Asterisk.WillUse?.Name());
        Add(FactKey.AsteriskTimingModules, f.Asterisk.TimingModules.Count > 0 ? string.Join(", ", f.Asterisk.TimingModules) : null);
        Add(FactKey.AsteriskRealtime, YesNo(f.Asterisk.Realtime));
        Add(FactKey.RealtimeSchedFifo, YesNo(f.Realtime.SchedFifo));
        Add(FactKey.RealtimeRtprioLimit, f.Realtime.RtprioLimit);
        Add(FactKey.RealtimeMemlockLimit, f.Realtime.MemlockLimit);
        Add(FactKey.RealtimeRtRuntimeUs, Number(f.Realtime.RtRuntimeUs));
        Add(FactKey.RealtimeRtPeriodUs, Number(f.Realtime.RtPeriodUs));
        Add(FactKey.RealtimeIsolatedCpus, f.Realtime.IsolatedCpus);
        Add(FactKey.RealtimeCpufreqGovernor, f.Realtime.CpufreqGovernor);
        Add(FactKey.StealPercent, Percent(f.Steal.Percent));
        Add(FactKey.StealSinceBootPercent, Percent(f.Steal.SinceBootPercent));
        return list;
    }
}
