namespace Metronome.Host.Probes;

/// <summary>Which hypervisor (as systemd-detect-virt decides it) and, separately, which container.</summary>
internal static class VirtualizationProbe
{
    public static string ReadVirtualization(HostRoot root, LiveFacts? live, KernelLog log, ClocksourceFacts clocksource, ProbeNotes notes)
    {
        if (FromCpuidVendor(live?.CpuidHypervisorVendor) is { } byCpuid) return byCpuid;
        if (FromDmi(root) is { } byDmi) return byDmi;
        var hypervisorType = root.ReadLine("sys/hypervisor/type");
        if (hypervisorType.Ok && hypervisorType.Text == "xen" || root.Exists("proc/xen")) return "xen";
        if (FromName(log.LastValueAfter("Hypervisor detected:")) is { } byLog) return byLog;
        var names = clocksource.Available.Append(clocksource.Current ?? "");
        if (names.Any(n => n == "kvm-clock")) return "kvm";
        if (names.Any(n => n.StartsWith("hyperv", StringComparison.Ordinal))) return "hyperv";
        if (names.Any(n => n == "xen")) return "xen";
        var booting = log.LastValueAfter("Booting paravirtualized kernel on");
        if (booting == "bare hardware") return "none";
        if (FromName(booting) is { } byBoot) return byBoot;
        var cpuinfo = root.Read("proc/cpuinfo");
        bool? flag = live?.CpuidHypervisorBit ?? (cpuinfo.Ok && cpuinfo.Text!.Contains("flags", StringComparison.Ordinal)
            ? cpuinfo.Text.Split('\n').Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains("hypervisor"))
            : null);
        if (flag == true) return "other";
        if (flag == false) return "none";
        notes.Unknown("virtualization", "no CPUID, DMI, /sys/hypervisor, kernel log or cpuinfo evidence either way");
        return "unknown";
    }

    public static string? ReadContainer(HostRoot root, ProbeNotes notes)
    {
        if (root.Exists(".dockerenv")) return "docker";
        if (root.Exists("run/.containerenv")) return "podman";
        var systemd = root.ReadLine("run/systemd/container");
        if (systemd.Ok && ClockProbe.IsName(systemd.Text!)) return systemd.Text;
        var environ = root.Read("proc/1/environ");
        if (environ.Ok)
        {
            var value = environ.Text!.Split('\0').FirstOrDefault(e => e.StartsWith("container=", StringComparison.Ordinal));
            return value is null ? "none" : value["container=".Length..];
        }
        // Every marker file is absent; PID 1's environment (unreadable here) is the only other sign.
        return "none";
    }

    private static string? FromCpuidVendor(string? vendor) => vendor switch
    {
        null => null,
        "KVMKVMKVM" => "kvm",
        "TCGTCGTCGTCG" => "qemu",
        "VMwareVMware" => "vmware",
        "Microsoft Hv" => "hyperv",
        "XenVMMXenVMM" => "xen",
        "VBoxVBoxVBox" => "virtualbox",
        _ => "other",
    };

    private static string? FromDmi(HostRoot root)
    {
        foreach (var file in new[] { "sys_vendor", "product_name", "board_vendor", "bios_vendor" })
        {
            var read = root.ReadLine($"sys/class/dmi/id/{file}");
            if (read.Ok && FromName(read.Text) is { } v) return v;
        }
        return null;
    }

    private static string? FromName(string? text)
    {
        if (text is null) return null;
        string t = text.ToLowerInvariant();
        return t.Contains("kvm") ? "kvm"
            : t.Contains("qemu") ? "qemu"
            : t.Contains("vmware") ? "vmware"
            : t.Contains("microsoft") || t.Contains("hyper-v") ? "hyperv"
            : t.Contains("xen") ? "xen"
            : t.Contains("virtualbox") || t.Contains("innotek") ? "virtualbox"
            : t.Contains("amazon ec2") || t.Contains("google") || t.Contains("parallels") || t.Contains("bhyve") || t.Contains("openstack") ? "other"
            : null;
    }
}
