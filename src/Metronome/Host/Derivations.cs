using Metronome.Host.Facts;
using Metronome.Host.Probes;

namespace Metronome.Host;

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

    /// <summary>Clocksources that exist only off x86: the ARM generic timer, PowerPC's timebase, RISC-V's, MIPS's r4k, s390's TOD clock.</summary>
    private static readonly string[] OffX86Clocksources = ["arch_sys_counter", "timebase", "riscv_clocksource", "r4k", "tod"];

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
        if (f.Kernel.Arch is { } arch && !IsX86OrIa64(arch) && premise.GetValueOrDefault(FactKey.Arch) is { } machine)
            return (DerivationRule.NoHpetOffX86, machine);
        if (f.Clocksource.Current is { } current && OffX86Clocksources.Contains(current) && premise.GetValueOrDefault(FactKey.ClocksourceCurrent) is { } named)
            return (DerivationRule.NoHpetOffX86, named);
        if (log.Watchdog is { } watchdog && BelowHpet.Contains(watchdog.Value))
            return (DerivationRule.WatchdogBelowHpet, watchdog.Evidence);
        return null;
    }

    /// <summary>x86 (and Itanium, whose kernels also drove an HPET): machine names as uname -m and the boot banner give them.</summary>
    internal static bool IsX86OrIa64(string machine) =>
        machine is "x86_64" or "amd64" or "x86" or "ia64" || (machine.Length == 4 && machine[0] == 'i' && machine.EndsWith("86", StringComparison.Ordinal));
}
