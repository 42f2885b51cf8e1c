using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Which hypervisor, named in the kernel's own words where it gives them, and, separately, which container.</summary>
internal static class VirtualizationProbe
{
    private static readonly string[] DmiFiles = ["sys_vendor", "product_name", "board_vendor", "bios_vendor"];

    /// <summary>
    /// In order: the kernel's words (sys/hypervisor/type, proc/xen, "Hypervisor detected:", "Booting paravirtualized kernel
    /// on X"); the CPUID vendor signature; the DMI strings; guest-only log lines, Xen event channels, paravirt clocksources;
    /// "on bare hardware"; the CPUID hypervisor bit or cpuinfo's "hypervisor" flag (a hypervisor, unnamed). The flag's
    /// absence is a derivation (<see cref="Derivations"/>).
    /// </summary>
    public static Virtualization ReadVirtualization(HostRoot root, LiveFacts? live, LogReading log, ClocksourceFacts clocksource, ProbeNotes notes)
    {
        Virtualization Saw(Virtualization value, Evidence? evidence)
        {
            notes.Saw(FactKey.Hypervisor, evidence);
            return value;
        }

        var hypervisorType = root.ReadLine("sys/hypervisor/type");
        if (hypervisorType.Ok && hypervisorType.Text == "xen") return Saw(Virtualization.Xen, root.EvidenceOf("sys/hypervisor/type", 0, "xen"));
        if (root.Exists("proc/xen")) return Saw(Virtualization.Xen, root.EvidenceOf("proc/xen"));
        if (log.NamedByKernel is { } named) return Saw(named.Value, named.Evidence);
        if (HypervisorNames.FromCpuidVendor(live?.CpuidHypervisorVendor) is { } byCpuid)
            return Saw(byCpuid, new Evidence("live: CPUID 0x40000000", null, live!.CpuidHypervisorVendor));
        foreach (var file in DmiFiles)
        {
            var read = root.ReadLine($"sys/class/dmi/id/{file}");
            if (read.Ok && HypervisorNames.FromText(read.Text) is { } byDmi) return Saw(byDmi, root.EvidenceOf($"sys/class/dmi/id/{file}", 0, read.Text));
        }
        if (log.Virtualization is { Value: not Virtualization.None } byLog) return Saw(byLog.Value, byLog.Evidence);
        if (XenInterrupt(root) is { } xenIrq) return Saw(Virtualization.Xen, xenIrq);
        foreach (var (name, value) in new[] { ("kvm-clock", Virtualization.Kvm), ("hyperv", Virtualization.Hyperv), ("xen", Virtualization.Xen) })
        {
            bool current = clocksource.Current?.StartsWith(name, StringComparison.Ordinal) == true;
            if (current || clocksource.Available.Any(n => n.StartsWith(name, StringComparison.Ordinal)))
                return Saw(value, (current ? notes.Evidence.GetValueOrDefault(FactKey.ClocksourceCurrent) : notes.Evidence.GetValueOrDefault(FactKey.ClocksourceAvailable))
                                  ?? new Evidence("clocksource", null, name));
        }
        if (log.Virtualization is { Value: Virtualization.None } bare) return Saw(Virtualization.None, bare.Evidence);
        if (live?.CpuidHypervisorBit is { } bit)
            return Saw(bit ? Virtualization.Other : Virtualization.None, new Evidence("live: CPUID 1 ECX bit 31", null, bit ? "set" : "clear"));
        if (CpuinfoFlags.Read(root) is { HasHypervisor: true } flags)
            return Saw(Virtualization.Other, root.EvidenceOf(CpuinfoFlags.Path, flags.Line, "flags: ... hypervisor ..."));
        notes.Unknown(FactKey.Hypervisor, "no CPUID, DMI, /sys/hypervisor, kernel log or cpuinfo evidence either way");
        return Virtualization.Unknown;
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
            notes.Unknown(FactKey.Container, "the evidence holds none of the container markers, and lacking them proves nothing here");
            return null;
        }
        // Every marker file is absent; PID 1's environment (unreadable here) is the only other sign.
        return Saw("none", root.EvidenceOf(".dockerenv", null, "no .dockerenv, run/.containerenv or run/systemd/container"));

        string Saw(string value, Evidence evidence)
        {
            notes.Saw(FactKey.Container, evidence);
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
}
