using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>What the host runs on: bare metal, a named hypervisor, or one the evidence shows but does not name (docs/json.md).</summary>
[JsonConverter(typeof(VirtualizationNames.Json))]
internal enum Virtualization
{
    /// <summary>The evidence does not say.</summary>
    Unknown,

    /// <summary>Bare metal.</summary>
    None,
    Kvm,

    /// <summary>QEMU without KVM (TCG): CPUID "TCGTCGTCGTCG". QEMU with KVM is <see cref="Kvm"/>.</summary>
    Qemu,
    Vmware,
    Hyperv,
    Xen,
    Virtualbox,
    Acrn,
    Jailhouse,
    Bhyve,
    Pvm,
    Parallels,

    /// <summary>A hypervisor the evidence shows (the CPUID hypervisor bit) but does not name, or names one not listed here.</summary>
    Other,
}

internal static class VirtualizationNames
{
    public static string Name(this Virtualization v) => v switch
    {
        Virtualization.Unknown => "unknown",
        Virtualization.None => "none",
        Virtualization.Kvm => "kvm",
        Virtualization.Qemu => "qemu",
        Virtualization.Vmware => "vmware",
        Virtualization.Hyperv => "hyperv",
        Virtualization.Xen => "xen",
        Virtualization.Virtualbox => "virtualbox",
        Virtualization.Acrn => "acrn",
        Virtualization.Jailhouse => "jailhouse",
        Virtualization.Bhyve => "bhyve",
        Virtualization.Pvm => "pvm",
        Virtualization.Parallels => "parallels",
        _ => "other",
    };

    /// <summary>A guest of a known hypervisor, or of one the evidence does not name.</summary>
    public static bool IsGuest(this Virtualization v) => v is not (Virtualization.Unknown or Virtualization.None);

    public sealed class Json : NamedEnumJson<Virtualization>
    {
        protected override string Name(Virtualization value) => value.Name();
    }
}
