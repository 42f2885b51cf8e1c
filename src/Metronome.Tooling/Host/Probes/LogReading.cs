using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>A value read from one kernel log line, with that line.</summary>
internal sealed record LogFact<T>(T Value, Evidence Evidence);

/// <summary>Everything the doctor takes from the kernel log; the other probes use it where their own files are silent.</summary>
/// <param name="HpetDisabled">Why the kernel disabled the HPET it found, in short ("dysfunctional in PC10").</param>
/// <param name="NamedByKernel">The hypervisor the kernel named: "Hypervisor detected: X", or "Booting paravirtualized kernel on X" for X not bare hardware.</param>
/// <param name="Virtualization">What else the log shows: the DMI strings, lines only one hypervisor's guests print, "on bare hardware".</param>
/// <param name="Watchdog">The clocksource the watchdog line names as the watchdog (acpi_pm in "timekeeping watchdog on CPU1: acpi_pm wd-wd ...").</param>
internal sealed record LogReading(
    KernelLogFacts Facts,
    bool? TscUnstable,
    LogFact<(string Release, string Version)>? LinuxVersion,
    LogFact<string>? SwitchedTo,
    Evidence? Hpet,
    LogFact<string>? HpetDisabled,
    Evidence? Rtc,
    LogFact<PreemptionModel>? DynamicPreempt,
    LogFact<Virtualization>? NamedByKernel,
    LogFact<Virtualization>? Virtualization,
    Evidence? HighResolutionOn,
    LogFact<IReadOnlyList<string>>? DahdiModules,
    LogFact<DummyTimer>? DummyTimer,
    LogFact<string>? Arch,
    LogFact<string>? Watchdog)
{
    public static LogReading None { get; } = new(new KernelLogFacts(false, [], null, null), null, null, null, null, null, null, null, null, null, null, null, null, null, null);
}
