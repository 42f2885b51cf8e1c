namespace Metronome.Host;

/// <summary>
/// What the doctor found out about a host. A value that could not be established is null (or
/// "unknown" for <see cref="Virtualization"/>), never a guess; <see cref="HostInspection.Unknowns"/>
/// says why.
/// </summary>
public sealed record HostFacts(
    string Virtualization,
    string? Container,
    ClocksourceFacts Clocksource,
    ClockEventFacts ClockEvents,
    HighResolutionFacts HighResolution,
    int? Hz,
    string? Preemption,
    TimerDeviceFacts Hpet,
    TimerDeviceFacts Rtc,
    bool? TscUnstable,
    KernelFacts Kernel,
    StealFacts Steal,
    RealtimeCapabilityFacts Realtime,
    KernelLogFacts KernelLog,
    DahdiFacts Dahdi,
    AsteriskFacts Asterisk);

public sealed record ClocksourceFacts(string? Current, IReadOnlyList<string> Available);

/// <summary>Clock event devices: one per CPU (sysfs or timer_list) and the broadcast device ("<NULL>" when none).</summary>
public sealed record ClockEventFacts(IReadOnlyList<string> PerCpu, string? Broadcast, IReadOnlyList<string> EventHandlers);

public sealed record HighResolutionFacts(bool? Active, long? ResolutionNs);

/// <param name="MayRaiseMaxUserFreq">CAP_SYS_RESOURCE held: this process may ask for more than the cap (1 kHz needs it: the default cap is 64 Hz).</param>
public sealed record TimerDeviceFacts(bool? Present, int? MaxUserFreq, bool? MayRaiseMaxUserFreq);

public sealed record KernelFacts(string? Release, string? Version);

public sealed record StealFacts(double? Percent);

/// <summary>Limits are as /proc/self/limits prints them: a number or "unlimited".</summary>
public sealed record RealtimeCapabilityFacts(
    bool? SchedFifo,
    string? RtprioLimit,
    string? MemlockLimit,
    bool? CapIpcLock,
    long? RtRuntimeUs,
    long? RtPeriodUs,
    string? IsolatedCpus,
    string? CpufreqGovernor);

public sealed record KernelLogFacts(
    bool Available,
    IReadOnlyList<string> UnstableClocksources,
    bool? HighResolutionSwitchFailed,
    long? HrtimerInterruptMaxNs);

public sealed record DahdiFacts(IReadOnlyList<string> Modules, IReadOnlyList<string> Devices, int? Spans);

/// <summary>Asterisk's timing modules; <see cref="WillUse"/> is the one it will load (highest priority not noloaded).</summary>
public sealed record AsteriskFacts(bool Installed, IReadOnlyList<string> TimingModules, IReadOnlyList<string> Noloaded, string? WillUse);
