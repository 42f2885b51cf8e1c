using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>
/// The rules by which the doctor settles a fact the evidence implies but does not state; each is written
/// down, with its reasoning and the kernel source it rests on, in docs/doctor.md ("Derivations"). A derived
/// fact carries its rule (`facts[].rule`) and the evidence of its premise.
/// </summary>
[JsonConverter(typeof(DerivationRules.Json))]
internal enum DerivationRule
{
    /// <summary>current_clocksource is tsc and available_clocksource lists tsc: the TSC is not marked unstable.</summary>
    TscInUse,

    /// <summary>A whole available_clocksource without hpet: no usable HPET.</summary>
    NoHpetClocksource,

    /// <summary>A non-x86 architecture: no HPET at all.</summary>
    NoHpetOffX86,

    /// <summary>The clocksource watchdog is rated below the HPET (acpi_pm, pit, jiffies): no HPET clocksource registered.</summary>
    WatchdogBelowHpet,

    /// <summary>The per-CPU clock event devices' handler is hrtimer_interrupt (yes) or a tick handler (no).</summary>
    EventHandler,

    /// <summary>x86 /proc/cpuinfo flags of a current kernel without "hypervisor": bare metal.</summary>
    NoHypervisorFlag,
}

internal static class DerivationRules
{
    public static string Name(this DerivationRule rule) => rule switch
    {
        DerivationRule.TscInUse => "tsc-in-use",
        DerivationRule.NoHpetClocksource => "no-hpet-clocksource",
        DerivationRule.NoHpetOffX86 => "no-hpet-off-x86",
        DerivationRule.WatchdogBelowHpet => "watchdog-below-hpet",
        DerivationRule.EventHandler => "event-handler",
        _ => "no-hypervisor-flag",
    };

    public sealed class Json : NamedEnumJson<DerivationRule>
    {
        protected override string Name(DerivationRule value) => value.Name();
    }
}
