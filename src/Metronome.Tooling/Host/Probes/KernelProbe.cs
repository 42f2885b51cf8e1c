using System.Runtime.InteropServices;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Kernel release, version and architecture, and the preemption model.</summary>
internal static class KernelProbe
{
    private const string Release = "proc/sys/kernel/osrelease", Version = "proc/sys/kernel/version";

    /// <summary>Where pasted `uname -a` puts the machine field (uname -m); the live host answers it itself.</summary>
    internal const string Arch = "proc/sys/kernel/arch";

    public static KernelFacts ReadKernel(HostRoot root, LogReading log, ProbeNotes notes)
    {
        var release = root.ReadLine(Release);
        var version = root.ReadLine(Version);
        string? r = release.Text, v = version.Text;
        if (r is not null) notes.Saw(FactKey.KernelVersion, root.EvidenceOf(Release, 0, r));
        if (v is not null) notes.Saw(FactKey.KernelBuild, root.EvidenceOf(Version, 0, v));
        if (log.LinuxVersion is { } banner)
        {
            // The boot banner "Linux version RELEASE (builder) (compiler) #N SMP ...", or an oops header: uname -r and -v of the kernel that logged it.
            if (r is null) notes.Saw(FactKey.KernelVersion, banner.Evidence);
            if (v is null && banner.Value.Version.Length > 0) notes.Saw(FactKey.KernelBuild, banner.Evidence);
            r ??= banner.Value.Release;
            v ??= banner.Value.Version.Length > 0 ? banner.Value.Version : null;
        }
        var arch = root.ReadLine(Arch);
        string? machine = arch.Ok && ClockProbe.IsName(arch.Text!) ? arch.Text : null;
        if (machine is not null) notes.Saw(FactKey.Arch, root.EvidenceOf(Arch, 0, machine));
        else if (log.Arch is { } fromBanner)
        {
            machine = fromBanner.Value;
            notes.Saw(FactKey.Arch, fromBanner.Evidence);
        }
        else if (root.IsLive)
        {
            machine = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => "x86_64", Architecture.Arm64 => "aarch64", Architecture.X86 => "i686", Architecture.Arm => "armv7l", _ => null,
            };
            if (machine is not null) notes.Saw(FactKey.Arch, new Evidence("live: RuntimeInformation.OSArchitecture", null, machine));
        }
        return new KernelFacts(
            notes.Note(FactKey.KernelVersion, r, release.Problem),
            notes.Note(FactKey.KernelBuild, v, version.Problem),
            machine);
    }

    /// <summary>
    /// A PREEMPT_DYNAMIC kernel picks its mode at boot: preempt= on the command line, else the kernel log's
    /// "Dynamic Preempt:" (printed only by dynamic kernels, with the mode in effect), else the config default.
    /// </summary>
    public static PreemptionModel? ReadPreemption(HostRoot root, KernelFacts kernel, LogReading log, KernelConfig? config, ProbeNotes notes)
    {
        string version = kernel.Version ?? "";
        var versionEvidence = notes.Evidence.GetValueOrDefault(FactKey.KernelBuild);
        if (version.Contains("PREEMPT_RT", StringComparison.Ordinal)) return Saw(PreemptionModel.Rt, versionEvidence);
        if (config?.FirstSet("CONFIG_PREEMPT_RT") is { } rt) return Saw(PreemptionModel.Rt, rt.Evidence);
        if (root.Exists("sys/kernel/realtime")) return Saw(PreemptionModel.Rt, root.EvidenceOf("sys/kernel/realtime"));
        bool dynamic = version.Contains("PREEMPT_DYNAMIC", StringComparison.Ordinal) || config?.IsSet("CONFIG_PREEMPT_DYNAMIC") == true || log.DynamicPreempt is not null;
        if (dynamic)
        {
            var cmdline = root.ReadLine("proc/cmdline");
            string? fromCmdline = cmdline.Ok
                ? cmdline.Text!.Split(' ').FirstOrDefault(a => a.StartsWith("preempt=", StringComparison.Ordinal))?["preempt=".Length..]
                : null;
            if (PreemptionModelNames.Parse(fromCmdline) is { } byCmdline) return Saw(byCmdline, root.EvidenceOf("proc/cmdline", 0, cmdline.Text));
            if (log.DynamicPreempt is { } byLog) return Saw(byLog.Value, byLog.Evidence);
            if (FromConfig(config) is { } byConfig) return Saw(byConfig.Mode, byConfig.Evidence);
            notes.Unknown(FactKey.Preemption, "a PREEMPT_DYNAMIC kernel whose mode is in neither the command line, the kernel log nor the config");
            return null;
        }
        if (version.Contains("PREEMPT", StringComparison.Ordinal)) return Saw(PreemptionModel.Full, versionEvidence);
        if (FromConfig(config) is { } fromConfig) return Saw(fromConfig.Mode, fromConfig.Evidence);
        notes.Unknown(FactKey.Preemption, "kernel version says no preemption model and there is no kernel config");
        return null;

        PreemptionModel Saw(PreemptionModel mode, Evidence? evidence)
        {
            notes.Saw(FactKey.Preemption, evidence);
            return mode;
        }
    }

    private static (PreemptionModel Mode, Evidence Evidence)? FromConfig(KernelConfig? config) =>
        config?.FirstSet("CONFIG_PREEMPT_RT", "CONFIG_PREEMPT_LAZY", "CONFIG_PREEMPT", "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT_NONE") is { } set
            ? (set.Key switch
            {
                "CONFIG_PREEMPT_RT" => PreemptionModel.Rt,
                "CONFIG_PREEMPT_LAZY" => PreemptionModel.Lazy,
                "CONFIG_PREEMPT" => PreemptionModel.Full,
                "CONFIG_PREEMPT_VOLUNTARY" => PreemptionModel.Voluntary,
                _ => PreemptionModel.None,
            }, set.Evidence)
            : null;
}
