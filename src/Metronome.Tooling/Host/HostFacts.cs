using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host;

/// <summary>
/// What the doctor found out about a host. A value that could not be established is null (or
/// <see cref="Facts.Virtualization.Unknown"/>), never a guess; <see cref="HostInspection.Unknowns"/>
/// says why.
/// </summary>
internal sealed record HostFacts(
    Virtualization Virtualization,
    string? Container,
    ClocksourceFacts Clocksource,
    ClockEventFacts ClockEvents,
    HighResolutionFacts HighResolution,
    int? Hz,
    PreemptionModel? Preemption,
    TimerDeviceFacts Hpet,
    TimerDeviceFacts Rtc,
    bool? TscUnstable,
    KernelFacts Kernel,
    StealFacts Steal,
    RealtimeCapabilityFacts Realtime,
    KernelLogFacts KernelLog,
    DahdiFacts Dahdi,
    AsteriskFacts Asterisk);

/// <param name="CurrentFromLog">The current clocksource is the kernel log's last switch, not a read of current_clocksource.</param>
internal sealed record ClocksourceFacts(string? Current, IReadOnlyList<string> Available, bool CurrentFromLog = false);

/// <summary>Clock event devices: one per CPU (sysfs or timer_list) and the broadcast device ("&lt;NULL&gt;" when none).</summary>
internal sealed record ClockEventFacts(IReadOnlyList<string> PerCpu, string? Broadcast, IReadOnlyList<string> EventHandlers);

/// <param name="TimerListVersion">The "Timer List Version:" header of the timer_list the facts came from, when it was seen.</param>
internal sealed record HighResolutionFacts(bool? Active, long? ResolutionNs, string? TimerListVersion = null);

/// <param name="MayRaiseMaxUserFreq">CAP_SYS_RESOURCE held: this process may ask for more than the cap (1 kHz needs it: the default cap is 64 Hz).</param>
/// <param name="Disabled">Why the kernel disabled the device it found (the HPET: "dysfunctional in PC10", "hpet=disable"); it is then not present.</param>
internal sealed record TimerDeviceFacts(bool? Present, int? MaxUserFreq, bool? MayRaiseMaxUserFreq, string? Disabled = null)
{
    /// <summary>The reasons the kernel gives for disabling an HPET it found, as <see cref="Disabled"/> states them.</summary>
    public const string HpetPc10 = "dysfunctional in PC10", HpetNotCounting = "its counter does not count",
        HpetQuirk = "not reliable on this platform (a quirk)", HpetCommandLine = "hpet=disable on the kernel command line";
}

/// <param name="Release">uname -r, e.g. 6.1.0-28-amd64.</param>
/// <param name="Version">uname -v, e.g. "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1".</param>
/// <param name="Arch">uname -m, e.g. x86_64 or aarch64; null when no evidence names it.</param>
internal sealed record KernelFacts(string? Release, string? Version, string? Arch = null);

/// <param name="Window">What the percentage was read over, as the report says it: "during the measuring window", "sampled over 1 s (--no-measure)".</param>
/// <param name="SinceBootPercent">Steal over the host's uptime, from a pasted /proc/stat "cpu" line (or top's "st"): it says a host is steal-heavy, not when.</param>
internal sealed record StealFacts(double? Percent, string? Window = null, double? SinceBootPercent = null)
{
    public const string DuringMeasurement = "during the measuring window";
}

/// <summary>Limits are as /proc/self/limits prints them: a number or "unlimited".</summary>
internal sealed record RealtimeCapabilityFacts(
    bool? SchedFifo,
    string? RtprioLimit,
    string? MemlockLimit,
    bool? CapIpcLock,
    long? RtRuntimeUs,
    long? RtPeriodUs,
    string? IsolatedCpus,
    string? CpufreqGovernor);

/// <summary>
/// What the kernel log says about timing. A "no" (false, an empty list) needs a log that runs from boot
/// (<see cref="FromBoot"/>): a fragment or a grep that lacks a line is no evidence that the line was never logged.
/// </summary>
/// <param name="FromBoot">The log starts at boot (its first line is "Linux version", or stamped 0.000000).</param>
/// <param name="Registered">Clocksources the log names (registered, switched to, watched), in the order first seen.</param>
/// <param name="SwitchedTo">The last "Switched to clocksource X".</param>
/// <param name="TscUnstableReason">Why the TSC was marked unstable ("because ..." or "due to ..."), verbatim.</param>
/// <param name="Hypervisor">The text after "Hypervisor detected:".</param>
/// <param name="Paravirt">The words after "Booting paravirtualized kernel on".</param>
/// <param name="Dmi">The text after "DMI:" (vendor, product, board, BIOS).</param>
/// <param name="DmiVendor">The vendor named at the start of <paramref name="Dmi"/>, when it is one the doctor knows.</param>
/// <param name="LostRtcInterrupts">The largest N of "hpetN: lost N rtc interrupts": the HPET's RTC emulation missed its periodic interrupts.</param>
/// <param name="ClocksourceWatchdog">The clocksource watchdog's first complaint (read-back delay, skew, retries), verbatim.</param>
/// <param name="MinDeltaIncreased">The clock event device whose minimum delta the kernel had to raise ("CE: hpet increased min_delta_ns").</param>
/// <param name="RtThrottled">"sched: RT throttling activated": real-time tasks ran out of their share and were stopped.</param>
/// <param name="SoftLockupSeconds">The longest "BUG: soft lockup - CPU#N stuck for Ns".</param>
/// <param name="RcuStall">An RCU stall warning: a CPU did not pass through a quiescent state for seconds.</param>
internal sealed record KernelLogFacts(
    bool Available,
    IReadOnlyList<string> UnstableClocksources,
    bool? HighResolutionSwitchFailed,
    long? HrtimerInterruptMaxNs,
    bool FromBoot = false,
    IReadOnlyList<string>? Registered = null,
    string? SwitchedTo = null,
    string? TscUnstableReason = null,
    string? Hypervisor = null,
    string? Paravirt = null,
    string? Dmi = null,
    string? DmiVendor = null,
    long? LostRtcInterrupts = null,
    string? ClocksourceWatchdog = null,
    string? MinDeltaIncreased = null,
    bool? RtThrottled = null,
    long? SoftLockupSeconds = null,
    bool? RcuStall = null);

/// <summary>Kernel DAHDI. Null lists are unknown (evidence that cannot tell); empty lists are a supported "none".</summary>
/// <param name="DummyTimer">The timer dahdi_dummy (or zaptel's ztdummy) announced.</param>
/// <param name="ServedBy">Who serves /dev/dahdi: "metronome" (its FUSE mount), "kernel" (the DAHDI modules' character devices); null when unknown.</param>
/// <param name="Load">
/// The requests `metronome dahdi` served over its last window and what they cost it (its load report):
/// requests per second against the ceiling that cost implies. Null when unknown.
/// </param>
internal sealed record DahdiFacts(IReadOnlyList<string>? Modules, IReadOnlyList<string>? Devices, int? Spans, DummyTimer? DummyTimer = null,
    string? ServedBy = null, DahdiLoadReport? Load = null);

/// <summary>Asterisk's timing modules; <see cref="WillUse"/> is the one it uses (highest priority loaded, not noloaded).</summary>
/// <param name="Realtime">Whether Asterisk runs real-time: its process's policy, `-p` on its command line, or `highpriority = yes` in asterisk.conf.</param>
internal sealed record AsteriskFacts(bool? Installed, IReadOnlyList<string> TimingModules, IReadOnlyList<string> Noloaded, AsteriskTiming? WillUse,
    bool? Realtime = null);
