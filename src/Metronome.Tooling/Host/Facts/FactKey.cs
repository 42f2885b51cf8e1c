using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>
/// Every fact the doctor states (docs/doctor.md's fact table), and the inputs whose absence is explained
/// on their own (kernel log, timer_list, kernel config, live facts, capabilities). The one spelling of
/// each is <see cref="FactKeys.Name"/>: `facts[].name` and the keys of `unknown` in the JSON.
/// </summary>
[JsonConverter(typeof(FactKeys.Json))]
internal enum FactKey
{
    KernelVersion,
    KernelBuild,
    Arch,
    Hypervisor,
    Paravirt,
    DmiVendor,
    Container,
    ClocksourceCurrent,
    ClocksourceAvailable,
    ClocksourceRegistered,
    TscUnstable,
    TscUnstableReason,
    HpetPresent,
    HpetDisabled,
    RtcPresent,
    HighResolutionSwitchFailed,
    HighResolutionActive,
    HighResolutionResolutionNs,
    TimerListVersion,
    ClockeventDevice,
    ClockeventBroadcast,
    Hz,
    Preemption,
    HrtimerInterruptNs,
    LostRtcInterrupts,
    ClocksourceWatchdog,
    MinDeltaIncreased,
    RtThrottled,
    SoftLockup,
    RcuStall,
    DahdiModules,
    DahdiDevices,
    DahdiDummyTimer,
    DahdiSpans,
    DahdiServedBy,
    DahdiRequestsPerSecond,
    DahdiRequestCeiling,
    AsteriskInstalled,
    AsteriskTiming,
    AsteriskTimingModules,
    AsteriskRealtime,
    RealtimeSchedFifo,
    RealtimeRtprioLimit,
    RealtimeMemlockLimit,
    RealtimeRtRuntimeUs,
    RealtimeRtPeriodUs,
    RealtimeIsolatedCpus,
    RealtimeCpufreqGovernor,
    StealPercent,
    StealSinceBootPercent,

    /// <summary>The kernel log could not be read (an input, not a fact).</summary>
    KernelLog,
    TimerList,
    KernelConfig,
    LiveFacts,
    Capabilities,
}

internal static class FactKeys
{
    public static string Name(this FactKey key) => key switch
    {
        FactKey.KernelVersion => "kernel.version",
        FactKey.KernelBuild => "kernel.build",
        FactKey.Arch => "arch",
        FactKey.Hypervisor => "hypervisor",
        FactKey.Paravirt => "paravirt",
        FactKey.DmiVendor => "dmi.vendor",
        FactKey.Container => "container",
        FactKey.ClocksourceCurrent => "clocksource.current",
        FactKey.ClocksourceAvailable => "clocksource.available",
        FactKey.ClocksourceRegistered => "clocksource.registered",
        FactKey.TscUnstable => "tsc.unstable",
        FactKey.TscUnstableReason => "tsc.unstable-reason",
        FactKey.HpetPresent => "hpet.present",
        FactKey.HpetDisabled => "hpet.disabled",
        FactKey.RtcPresent => "rtc.present",
        FactKey.HighResolutionSwitchFailed => "high-resolution.switch-failed",
        FactKey.HighResolutionActive => "high-resolution.active",
        FactKey.HighResolutionResolutionNs => "high-resolution.resolution-ns",
        FactKey.TimerListVersion => "timer_list.version",
        FactKey.ClockeventDevice => "clockevent.device",
        FactKey.ClockeventBroadcast => "clockevent.broadcast",
        FactKey.Hz => "hz",
        FactKey.Preemption => "preemption",
        FactKey.HrtimerInterruptNs => "timer-trouble.hrtimer-interrupt-ns",
        FactKey.LostRtcInterrupts => "timer-trouble.lost-rtc-interrupts",
        FactKey.ClocksourceWatchdog => "timer-trouble.clocksource-watchdog",
        FactKey.MinDeltaIncreased => "timer-trouble.min-delta-increased",
        FactKey.RtThrottled => "timer-trouble.rt-throttling",
        FactKey.SoftLockup => "timer-trouble.soft-lockup",
        FactKey.RcuStall => "timer-trouble.rcu-stall",
        FactKey.DahdiModules => "dahdi.modules",
        FactKey.DahdiDevices => "dahdi.devices",
        FactKey.DahdiDummyTimer => "dahdi.dummy-timer",
        FactKey.DahdiSpans => "dahdi.spans",
        FactKey.DahdiServedBy => "dahdi.served-by",
        FactKey.DahdiRequestsPerSecond => "dahdi.requests-per-second",
        FactKey.DahdiRequestCeiling => "dahdi.request-ceiling",
        FactKey.AsteriskInstalled => "asterisk.installed",
        FactKey.AsteriskTiming => "asterisk.timing",
        FactKey.AsteriskTimingModules => "asterisk.timing-modules",
        FactKey.AsteriskRealtime => "asterisk.realtime",
        FactKey.RealtimeSchedFifo => "realtime.sched-fifo",
        FactKey.RealtimeRtprioLimit => "realtime.rtprio-limit",
        FactKey.RealtimeMemlockLimit => "realtime.memlock-limit",
        FactKey.RealtimeRtRuntimeUs => "realtime.rt-runtime-us",
        FactKey.RealtimeRtPeriodUs => "realtime.rt-period-us",
        FactKey.RealtimeIsolatedCpus => "realtime.isolated-cpus",
        FactKey.RealtimeCpufreqGovernor => "realtime.cpufreq-governor",
        FactKey.StealPercent => "steal.percent",
        FactKey.StealSinceBootPercent => "steal.since-boot-percent",
        FactKey.KernelLog => "kernel-log",
        FactKey.TimerList => "timer-list",
        FactKey.KernelConfig => "kernel-config",
        FactKey.LiveFacts => "live-facts",
        _ => "capabilities",
    };

    public sealed class Json : NamedEnumJson<FactKey>
    {
        protected override string Name(FactKey value) => value.Name();

        /// <summary>Before each fact had one name, `unknown` keyed these two by the probes' words.</summary>
        protected override FactKey? EarlierName(string? text) => text switch
        {
            "kernel.release" => FactKey.KernelVersion,
            "virtualization" => FactKey.Hypervisor,
            _ => null,
        };
    }
}
