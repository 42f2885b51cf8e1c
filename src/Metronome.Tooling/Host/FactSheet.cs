using System.Globalization;

namespace Metronome.Tooling.Host;

/// <summary>One fact as a report states it: its name (docs/doctor.md's fact table), its value, and where it was read.</summary>
internal sealed record StatedFact(string Name, string Value, Evidence Evidence);

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
        void Add(string name, string? value)
        {
            if (value is not null) list.Add(new StatedFact(name, value, inspection.Evidence.GetValueOrDefault(name) ?? new Evidence(Unrecorded)));
        }
        static string? YesNo(bool? b) => b switch { true => "yes", false => "no", null => null };
        static string? List(IReadOnlyList<string>? items) => items is null ? null : items.Count == 0 ? "none" : string.Join(", ", items);
        string? Number(long? n) => n?.ToString(CultureInfo.InvariantCulture);

        Add("kernel.version", f.Kernel.Release);
        Add("kernel.build", f.Kernel.Version);
        Add("arch", f.Kernel.Arch switch
        {
            "aarch64" or "arm64" => "arm64",
            var a when a is not null && System.Text.RegularExpressions.Regex.IsMatch(a, "^i[3-6]86$") => "i386",
            var a when a?.StartsWith("armv", StringComparison.Ordinal) == true => "arm",
            var a => a,
        });
        Add("hypervisor", f.Virtualization switch { "unknown" => null, "none" => "bare-metal", var v => v });
        Add("paravirt", f.KernelLog.Paravirt);
        Add("dmi.vendor", f.KernelLog.DmiVendor);
        Add("container", f.Container);
        Add("clocksource.current", f.Clocksource.Current);
        Add("clocksource.available", f.Clocksource.Available.Count > 0 ? string.Join(", ", f.Clocksource.Available) : null);
        // The clocksources the log names; without a log, the registered ones sysfs lists as available.
        if (f.KernelLog.Registered is { Count: > 0 } r) Add("clocksource.registered", string.Join(", ", r));
        else if (f.Clocksource.Available.Count > 0)
            list.Add(new StatedFact("clocksource.registered", string.Join(", ", f.Clocksource.Available), inspection.Evidence.GetValueOrDefault("clocksource.available") ?? new Evidence(Unrecorded)));
        Add("tsc.unstable", YesNo(f.TscUnstable));
        Add("tsc.unstable-reason", f.KernelLog.TscUnstableReason);
        Add("hpet.present", YesNo(f.Hpet.Present));
        Add("rtc.present", YesNo(f.Rtc.Present));
        Add("high-resolution.switch-failed", YesNo(f.KernelLog.HighResolutionSwitchFailed));
        Add("high-resolution.active", YesNo(f.HighResolution.Active));
        Add("high-resolution.resolution-ns", Number(f.HighResolution.ResolutionNs));
        Add("timer_list.version", f.HighResolution.TimerListVersion);
        Add("clockevent.device", f.ClockEvents.PerCpu.Count > 0 ? string.Join(", ", f.ClockEvents.PerCpu.Distinct()) : null);
        Add("clockevent.broadcast", f.ClockEvents.Broadcast);
        Add("hz", Number(f.Hz));
        Add("preemption", f.Preemption);
        Add("timer-trouble.hrtimer-interrupt-ns", Number(f.KernelLog.HrtimerInterruptMaxNs));
        Add("dahdi.modules", List(f.Dahdi.Modules));
        Add("dahdi.devices", List(f.Dahdi.Devices));
        Add("dahdi.dummy-timer", f.Dahdi.DummyTimer);
        Add("dahdi.spans", Number(f.Dahdi.Spans));
        Add("asterisk.installed", YesNo(f.Asterisk.Installed));
        Add("realtime.sched-fifo", YesNo(f.Realtime.SchedFifo));
        Add("realtime.rtprio-limit", f.Realtime.RtprioLimit);
        Add("realtime.memlock-limit", f.Realtime.MemlockLimit);
        Add("realtime.rt-runtime-us", Number(f.Realtime.RtRuntimeUs));
        Add("realtime.rt-period-us", Number(f.Realtime.RtPeriodUs));
        Add("realtime.isolated-cpus", f.Realtime.IsolatedCpus);
        Add("realtime.cpufreq-governor", f.Realtime.CpufreqGovernor);
        Add("steal.percent", f.Steal.Percent?.ToString("0.00", CultureInfo.InvariantCulture));
        return list;
    }
}
