using System.Runtime.InteropServices;

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
        if (r is not null) notes.Saw("kernel.version", root.EvidenceOf(Release, 0, r));
        if (v is not null) notes.Saw("kernel.build", root.EvidenceOf(Version, 0, v));
        if (log.LinuxVersion is { } banner)
        {
            // The boot banner "Linux version RELEASE (builder) (compiler) #N SMP ...": uname -r and -v of the kernel that logged it.
            if (r is null) notes.Saw("kernel.version", banner.Evidence);
            if (v is null && banner.Value.Version.Length > 0) notes.Saw("kernel.build", banner.Evidence);
            r ??= banner.Value.Release;
            v ??= banner.Value.Version.Length > 0 ? banner.Value.Version : null;
        }
        var arch = root.ReadLine(Arch);
        string? machine = arch.Ok && ClockProbe.IsName(arch.Text!) ? arch.Text : null;
        if (machine is not null) notes.Saw("arch", root.EvidenceOf(Arch, 0, machine));
        else if (log.Arch is { } fromBanner)
        {
            machine = fromBanner.Value;
            notes.Saw("arch", fromBanner.Evidence);
        }
        else if (root.IsLive)
        {
            machine = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => "x86_64", Architecture.Arm64 => "aarch64", Architecture.X86 => "i686", Architecture.Arm => "armv7l", _ => null,
            };
            if (machine is not null) notes.Saw("arch", new Evidence("live: RuntimeInformation.OSArchitecture", null, machine));
        }
        return new KernelFacts(
            notes.Note("kernel.release", r, release.Problem),
            notes.Note("kernel.version", v, version.Problem),
            machine);
    }

    /// <summary>
    /// "rt", "full", "lazy", "voluntary" or "none". A PREEMPT_DYNAMIC kernel picks its mode at boot:
    /// preempt= on the command line, else the kernel log's "Dynamic Preempt:", else the config default.
    /// </summary>
    public static string? ReadPreemption(HostRoot root, KernelFacts kernel, LogReading log, KernelConfig? config, ProbeNotes notes)
    {
        string version = kernel.Version ?? "";
        var versionEvidence = notes.Evidence.GetValueOrDefault("kernel.build");
        if (version.Contains("PREEMPT_RT", StringComparison.Ordinal)) return Saw("rt", versionEvidence);
        if (config?.FirstSet("CONFIG_PREEMPT_RT") is { } rt) return Saw("rt", rt.Evidence);
        if (root.Exists("sys/kernel/realtime")) return Saw("rt", root.EvidenceOf("sys/kernel/realtime"));
        bool dynamic = version.Contains("PREEMPT_DYNAMIC", StringComparison.Ordinal) || config?.IsSet("CONFIG_PREEMPT_DYNAMIC") == true;
        if (dynamic)
        {
            var cmdline = root.ReadLine("proc/cmdline");
            string? fromCmdline = cmdline.Ok
                ? cmdline.Text!.Split(' ').FirstOrDefault(a => a.StartsWith("preempt=", StringComparison.Ordinal))?["preempt=".Length..]
                : null;
            if (Normalise(fromCmdline) is { } byCmdline) return Saw(byCmdline, root.EvidenceOf("proc/cmdline", 0, cmdline.Text));
            if (Normalise(log.DynamicPreempt?.Value) is { } byLog) return Saw(byLog, log.DynamicPreempt!.Evidence);
            if (FromConfig(config) is { } byConfig) return Saw(byConfig.Mode, byConfig.Evidence);
            return notes.Note<string>("preemption", null, "a PREEMPT_DYNAMIC kernel whose mode is in neither the command line, the kernel log nor the config");
        }
        if (version.Contains("PREEMPT", StringComparison.Ordinal)) return Saw("full", versionEvidence);
        if (FromConfig(config) is { } fromConfig) return Saw(fromConfig.Mode, fromConfig.Evidence);
        return notes.Note<string>("preemption", null, "kernel version says no preemption model and there is no kernel config");

        string Saw(string mode, Evidence? evidence)
        {
            notes.Saw("preemption", evidence);
            return mode;
        }
    }

    private static (string Mode, Evidence Evidence)? FromConfig(KernelConfig? config) =>
        config?.FirstSet("CONFIG_PREEMPT_RT", "CONFIG_PREEMPT_LAZY", "CONFIG_PREEMPT", "CONFIG_PREEMPT_VOLUNTARY", "CONFIG_PREEMPT_NONE") is { } set
            ? (set.Key switch
            {
                "CONFIG_PREEMPT_RT" => "rt", "CONFIG_PREEMPT_LAZY" => "lazy", "CONFIG_PREEMPT" => "full", "CONFIG_PREEMPT_VOLUNTARY" => "voluntary", _ => "none",
            }, set.Evidence)
            : null;

    private static string? Normalise(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        "none" or "voluntary" or "full" or "lazy" => mode.Trim().ToLowerInvariant(),
        _ => null,
    };
}
