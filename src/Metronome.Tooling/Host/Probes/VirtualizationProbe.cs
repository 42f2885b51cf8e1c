namespace Metronome.Tooling.Host.Probes;

/// <summary>Which hypervisor (as systemd-detect-virt decides it) and, separately, which container.</summary>
internal static class VirtualizationProbe
{
    private static readonly string[] DmiFiles = ["sys_vendor", "product_name", "board_vendor", "bios_vendor"];

    public static string ReadVirtualization(HostRoot root, LiveFacts? live, LogReading log, ClocksourceFacts clocksource, ProbeNotes notes)
    {
        string Saw(string value, Evidence evidence)
        {
            notes.Saw("hypervisor", evidence);
            return value;
        }

        if (FromCpuidVendor(live?.CpuidHypervisorVendor) is { } byCpuid)
            return Saw(byCpuid, new Evidence("live: CPUID 0x40000000", null, live!.CpuidHypervisorVendor));
        foreach (var file in DmiFiles)
        {
            var read = root.ReadLine($"sys/class/dmi/id/{file}");
            if (read.Ok && FromName(read.Text) is { } byDmi) return Saw(byDmi, root.EvidenceOf($"sys/class/dmi/id/{file}", 0, read.Text));
        }
        var hypervisorType = root.ReadLine("sys/hypervisor/type");
        if (hypervisorType.Ok && hypervisorType.Text == "xen") return Saw("xen", root.EvidenceOf("sys/hypervisor/type", 0, "xen"));
        if (root.Exists("proc/xen")) return Saw("xen", root.EvidenceOf("proc/xen"));
        if (log.Virtualization is { Value: not "none" } byLog) return Saw(byLog.Value, byLog.Evidence);
        if (XenInterrupt(root) is { } xenIrq) return Saw("xen", xenIrq);
        foreach (var (name, value) in new[] { ("kvm-clock", "kvm"), ("hyperv", "hyperv"), ("xen", "xen") })
        {
            bool current = clocksource.Current?.StartsWith(name, StringComparison.Ordinal) == true;
            if (current || clocksource.Available.Any(n => n.StartsWith(name, StringComparison.Ordinal)))
                return Saw(value, (current ? notes.Evidence.GetValueOrDefault("clocksource.current") : notes.Evidence.GetValueOrDefault("clocksource.available"))
                                  ?? new Evidence("clocksource", null, name));
        }
        if (log.Virtualization is { Value: "none" } bare) return Saw("none", bare.Evidence);
        var cpuinfo = root.Read("proc/cpuinfo");
        int flags = cpuinfo.Ok ? Array.FindIndex(cpuinfo.Text!.Split('\n'), l => l.StartsWith("flags", StringComparison.Ordinal)) : -1;
        if (live?.CpuidHypervisorBit is { } bit)
            return Saw(bit ? "other" : "none", new Evidence("live: CPUID 1 ECX bit 31", null, bit ? "set" : "clear"));
        if (flags >= 0)
        {
            var line = cpuinfo.Text!.Split('\n')[flags];
            if (line.Split(' ', '\t').Contains("hypervisor")) return Saw("other", root.EvidenceOf("proc/cpuinfo", flags, "flags: ... hypervisor ..."));
            // Kernels before 2.6.30 and some hypervisors never set the flag: only a whole host says bare metal by its absence.
            if (root.Complete) return Saw("none", root.EvidenceOf("proc/cpuinfo", flags, "flags without hypervisor"));
        }
        notes.Unknown("virtualization", "no CPUID, DMI, /sys/hypervisor, kernel log or cpuinfo evidence either way");
        return "unknown";
    }

    /// <summary>The container the markers name; "none" when a whole host shows none; null (unknown) for pasted or partial evidence.</summary>
    public static string? ReadContainer(HostRoot root, ProbeNotes notes)
    {
        foreach (var (marker, name) in new[] { (".dockerenv", "docker"), ("run/.containerenv", "podman") })
            if (root.Exists(marker)) return Saw(name, root.EvidenceOf(marker));
        var systemd = root.ReadLine("run/systemd/container");
        if (systemd.Ok && ClockProbe.IsName(systemd.Text!)) return Saw(systemd.Text!, root.EvidenceOf("run/systemd/container", 0, systemd.Text));
        var environ = root.Read("proc/1/environ");
        if (environ.Ok)
        {
            var value = environ.Text!.Split('\0').FirstOrDefault(e => e.StartsWith("container=", StringComparison.Ordinal));
            return Saw(value is null ? "none" : value["container=".Length..], root.EvidenceOf("proc/1/environ", null, value ?? "no container= variable"));
        }
        if (!root.Complete)
        {
            notes.Unknown("container", "the evidence holds none of the container markers, and lacking them proves nothing here");
            return null;
        }
        // Every marker file is absent; PID 1's environment (unreadable here) is the only other sign.
        return Saw("none", root.EvidenceOf(".dockerenv", null, "no .dockerenv, run/.containerenv or run/systemd/container"));

        string Saw(string value, Evidence evidence)
        {
            notes.Saw("container", evidence);
            return value;
        }
    }

    /// <summary>A Xen guest's event channels show in /proc/interrupts as xen-percpu-virq, xen-dyn-event or xen-pirq.</summary>
    private static Evidence? XenInterrupt(HostRoot root)
    {
        var read = root.Read(TimerDeviceProbe.Interrupts);
        if (!read.Ok) return null;
        var lines = read.Text!.Split('\n');
        int i = Array.FindIndex(lines, l => l.Contains("xen-percpu-", StringComparison.Ordinal) || l.Contains("xen-dyn-", StringComparison.Ordinal) || l.Contains("xen-pirq", StringComparison.Ordinal));
        return i >= 0 ? root.EvidenceOf(TimerDeviceProbe.Interrupts, i, lines[i]) : null;
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

    /// <summary>A hypervisor named in free text (DMI, "Hypervisor detected:", "Booting paravirtualized kernel on"). QEMU is KVM's device model: kvm.</summary>
    internal static string? FromName(string? text)
    {
        if (text is null) return null;
        string t = text.ToLowerInvariant();
        return t.Contains("kvm") || t.Contains("qemu") ? "kvm"
            : t.Contains("vmware") || t == "vmi" ? "vmware"
            : t.Contains("microsoft") || t.Contains("hyper-v") ? "hyperv"
            : t.Contains("xen") ? "xen"
            : t.Contains("virtualbox") || t.Contains("innotek") ? "virtualbox"
            : t.Contains("amazon ec2") || t.Contains("google") || t.Contains("parallels") || t.Contains("bhyve") || t.Contains("openstack") || t.Contains("acrn") ? "other"
            : null;
    }
}
