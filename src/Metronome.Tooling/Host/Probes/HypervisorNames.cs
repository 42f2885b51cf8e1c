using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>The hypervisor a text names: the kernel's own words first, CPUID signatures and DMI strings as fallbacks.</summary>
internal static class HypervisorNames
{
    /// <summary>
    /// The name after "Hypervisor detected:" (struct hypervisor_x86's .name in arch/x86/kernel/cpu/: "KVM", "VMware",
    /// "Microsoft Hyper-V", "Xen HVM", "Xen PV", "ACRN", "Jailhouse", ...) or after "Booting paravirtualized kernel on"
    /// (pv_info.name: "bare hardware", "KVM", "Xen", "Xen HVM", "Xen PVH", "VMware hypervisor", "vmi", "lguest", ...).
    /// A name not listed here is still a hypervisor: <see cref="Virtualization.Other"/>.
    /// </summary>
    public static Virtualization FromKernel(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bare hardware" => Virtualization.None,
        var n when n.StartsWith("kvm", StringComparison.Ordinal) => Virtualization.Kvm,
        var n when n.StartsWith("vmware", StringComparison.Ordinal) || n == "vmi" => Virtualization.Vmware,
        var n when n.Contains("hyper-v") || n.Contains("hyperv") => Virtualization.Hyperv,
        var n when n.StartsWith("xen", StringComparison.Ordinal) => Virtualization.Xen,
        "acrn" => Virtualization.Acrn,
        "jailhouse" => Virtualization.Jailhouse,
        "pvm" => Virtualization.Pvm,
        "bhyve" => Virtualization.Bhyve,
        _ => Virtualization.Other,
    };

    /// <summary>The vendor string of CPUID leaf 0x40000000.</summary>
    public static Virtualization? FromCpuidVendor(string? vendor) => vendor switch
    {
        null => null,
        "KVMKVMKVM" => Virtualization.Kvm,
        "TCGTCGTCGTCG" => Virtualization.Qemu,
        "VMwareVMware" => Virtualization.Vmware,
        "Microsoft Hv" => Virtualization.Hyperv,
        "XenVMMXenVMM" => Virtualization.Xen,
        "VBoxVBoxVBox" => Virtualization.Virtualbox,
        "ACRNACRNACRN" => Virtualization.Acrn,
        "Jailhouse" => Virtualization.Jailhouse,
        "bhyve bhyve" => Virtualization.Bhyve,
        " prl hyperv" or " lrpepyh  vr" => Virtualization.Parallels,
        _ => Virtualization.Other,
    };

    /// <summary>
    /// A hypervisor named in free text (DMI strings, "Hardware name:"). QEMU (and its Bochs/SeaBIOS firmware) is KVM's
    /// device model: kvm. Null when the text names none. Vendors that also sell bare metal (Microsoft's Surface,
    /// Google's Chromebooks, Amazon's metal instances) count only with the words that mark their virtual machines.
    /// </summary>
    public static Virtualization? FromText(string? text)
    {
        if (text is null) return null;
        string t = text.ToLowerInvariant();
        return t.Contains("kvm") || t.Contains("qemu") || t.StartsWith("bochs", StringComparison.Ordinal) ? Virtualization.Kvm
            : t.Contains("vmware") || t == "vmi" ? Virtualization.Vmware
            : t.Contains("microsoft corporation virtual machine") || t.Contains("hyper-v") ? Virtualization.Hyperv
            : t.Contains("xen") ? Virtualization.Xen
            : t.Contains("virtualbox") || t.Contains("innotek") ? Virtualization.Virtualbox
            : t.Contains("bhyve") ? Virtualization.Bhyve
            : t.Contains("parallels") ? Virtualization.Parallels
            : t.Contains("acrn") ? Virtualization.Acrn
            : t.Contains("google compute engine") ? Virtualization.Kvm
            : t.Contains("openstack") ? Virtualization.Other
            : null;
    }
}
