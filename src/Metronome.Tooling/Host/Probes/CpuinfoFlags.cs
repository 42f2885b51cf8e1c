namespace Metronome.Tooling.Host.Probes;

/// <summary>The x86 "flags" line of /proc/cpuinfo (the first CPU's): its flags and where it was read.</summary>
internal sealed record CpuinfoFlags(IReadOnlySet<string> Flags, int Line)
{
    public const string Path = "proc/cpuinfo";

    public bool HasHypervisor => Flags.Contains("hypervisor");

    /// <summary>
    /// Flags only kernels newer than 2.6.28 print by name (X86_FEATURE_HYPERVISOR, "hypervisor", arrived in 2.6.28): one of
    /// them shows the kernel would print "hypervisor" if the CPU had the bit. cpuid 4.12, pti 4.15, md_clear 5.1,
    /// arch_capabilities 4.17, tsc_known_freq 4.10, eagerfpu 3.7, xtopology 2.6.30, aperfmperf 2.6.29, arat 2.6.29,
    /// tsc_deadline_timer 2.6.38, ibpb 4.15, ssbd 4.17, flush_l1d 4.19 (arch/x86/include/asm/cpufeatures.h).
    /// </summary>
    private static readonly string[] NewerThanHypervisorFlag =
        ["cpuid", "pti", "md_clear", "arch_capabilities", "tsc_known_freq", "eagerfpu", "xtopology", "aperfmperf", "arat",
         "tsc_deadline_timer", "ibpb", "ssbd", "flush_l1d"];

    /// <summary>Whether the flags show a kernel new enough to name the hypervisor bit, and an x86 CPU (fpu, tsc and cx8 are x86 flags).</summary>
    public bool FromCurrentX86Kernel => Flags.Contains("fpu") && Flags.Contains("tsc") && Flags.Contains("cx8") && NewerThanHypervisorFlag.Any(Flags.Contains);

    public static CpuinfoFlags? Read(HostRoot root)
    {
        var read = root.Read(Path);
        if (!read.Ok) return null;
        var lines = read.Text!.Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith("flags", StringComparison.Ordinal) && l.Contains(':'));
        if (index < 0) return null;
        string values = lines[index][(lines[index].IndexOf(':') + 1)..];
        return new CpuinfoFlags(values.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal), index);
    }
}
