using Metronome.Tooling.Host.Facts;
using Metronome.Tooling.Host.Probes;

namespace Metronome.Tooling.Host;

/// <summary>
/// Facts the evidence implies without stating them, each settled by one written rule (<see cref="DerivationRule"/>;
/// docs/doctor.md, "Derivations", gives each rule's reasoning and the kernel source it rests on). A rule only fills a
/// fact the evidence left unknown, so a derived fact never contradicts one read directly; the derived fact carries
/// the rule's name and the evidence of its premise.
/// </summary>
internal static class Derivations
{
    /// <summary>The watchdogs rated below the HPET's 250 (acpi_pm 200, pit 110, refined-jiffies 2, jiffies 1).</summary>
    private static readonly string[] BelowHpet = ["acpi_pm", "pit", "refined-jiffies", "jiffies"];

    /// <summary>
    /// Clocksources only architectures without an HPET have: the ARM generic timer, PowerPC's timebase, RISC-V's,
    /// s390's TOD clock. Not MIPS's r4k: Loongson 3 boards with an RS780E chipset drive an HPET beside it.
    /// </summary>
    private static readonly string[] HpetlessClocksources = ["arch_sys_counter", "timebase", "riscv_clocksource", "tod"];

    /// <summary>The per-CPU handlers of a tick device not in high-resolution mode (kernel/time/tick-common.c, tick-sched.c).</summary>
    private static readonly string[] LowResolutionHandlers = ["tick_handle_periodic", "tick_nohz_handler", "tick_nohz_lowres_handler"];

    public static HostFacts Apply(HostRoot root, HostFacts f, LogReading log, TimerList? timerList, ProbeNotes notes)
    {
        var premise = notes.Evidence;
        if (f.TscUnstable is null && f.Clocksource is { Current: "tsc", CurrentFromLog: false } cs && cs.Available.Contains("tsc")
            && premise.GetValueOrDefault(FactKey.ClocksourceCurrent) is { } current)
        {
            notes.Derive(FactKey.TscUnstable, DerivationRule.TscInUse, current);
            f = f with { TscUnstable = false };
        }

        if (f.Hpet.Present is null && NoHpet(f, log, premise) is { } why)
        {
            notes.Derive(FactKey.HpetPresent, why.Rule, why.Evidence);
            f = f with { Hpet = f.Hpet with { Present = false } };
        }

        if (f.HighResolution.Active is null && timerList?.HandlerLine is { } line)
        {
            var handlers = f.ClockEvents.EventHandlers.Where(h => !TimerList.IsBroadcastHandler(h) && h != "clockevents_handle_noop").ToArray();
            bool? active = handlers.Any(LowResolutionHandlers.Contains) ? false
                : handlers.Length > 0 && handlers.All(h => h == "hrtimer_interrupt") ? true : null;
            if (active is not null)
            {
                notes.Derive(FactKey.HighResolutionActive, DerivationRule.EventHandler, root.EvidenceOf(ClockProbe.TimerListPath, line));
                f = f with { HighResolution = f.HighResolution with { Active = active } };
            }
        }

        if (f.Virtualization == Virtualization.Unknown && CpuinfoFlags.Read(root) is { HasHypervisor: false, FromCurrentX86Kernel: true } flags)
        {
            notes.Derive(FactKey.Hypervisor, DerivationRule.NoHypervisorFlag, root.EvidenceOf(CpuinfoFlags.Path, flags.Line, "flags without hypervisor"));
            f = f with { Virtualization = Virtualization.None };
        }
        return f;
    }

    /// <summary>The first rule that settles "no usable HPET", with its premise.</summary>
    private static (DerivationRule Rule, Evidence Evidence)? NoHpet(HostFacts f, LogReading log, IReadOnlyDictionary<FactKey, Evidence> premise)
    {
        if (f.Clocksource.Available is { Count: > 0 } available && !available.Contains("hpet") && premise.GetValueOrDefault(FactKey.ClocksourceAvailable) is { } list)
            return (DerivationRule.NoHpetClocksource, list);
        if (f.Kernel.Arch is { } arch && IsHpetless(arch) && premise.GetValueOrDefault(FactKey.Arch) is { } machine)
            return (DerivationRule.NoHpetOffX86, machine);
        if (f.Clocksource.Current is { } current && HpetlessClocksources.Contains(current) && premise.GetValueOrDefault(FactKey.ClocksourceCurrent) is { } named)
            return (DerivationRule.NoHpetOffX86, named);
        if (log.Watchdog is { } watchdog && BelowHpet.Contains(watchdog.Value))
            return (DerivationRule.WatchdogBelowHpet, watchdog.Evidence);
        return null;
    }

    /// <summary>
    /// Architectures whose kernels have no HPET driver (CONFIG_HPET_TIMER is x86's; drivers/char/hpet.c x86's and
    /// IA-64's): ARM, arm64, PowerPC, s390, RISC-V, as uname -m and the boot banner name them. MIPS and LoongArch
    /// are left out: Loongson machines have an HPET.
    /// </summary>
    internal static bool IsHpetless(string machine) =>
        machine is "aarch64" or "arm64" or "s390" or "s390x" or "riscv32" or "riscv64"
        || machine.StartsWith("arm", StringComparison.Ordinal) || machine.StartsWith("ppc", StringComparison.Ordinal)
        || machine.StartsWith("powerpc", StringComparison.Ordinal);
}
