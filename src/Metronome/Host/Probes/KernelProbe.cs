namespace Metronome.Host.Probes;

/// <summary>Kernel release and version, and the preemption model.</summary>
internal static class KernelProbe
{
    public static KernelFacts ReadKernel(HostRoot root, ProbeNotes notes)
    {
        var release = root.ReadLine("proc/sys/kernel/osrelease");
        var version = root.ReadLine("proc/sys/kernel/version");
        return new KernelFacts(
            notes.Note("kernel.release", release.Text, release.Problem),
            notes.Note("kernel.version", version.Text, version.Problem));
    }

    /// <summary>
    /// "rt", "full", "lazy", "voluntary" or "none". A PREEMPT_DYNAMIC kernel picks its mode at boot:
    /// preempt= on the command line, else the kernel log's "Dynamic Preempt:", else the config default.
    /// </summary>
    public static string? ReadPreemption(HostRoot root, KernelFacts kernel, KernelLog log, KernelConfig? config, ProbeNotes notes)
    {
        string version = kernel.Version ?? "";
        if (version.Contains("PREEMPT_RT", StringComparison.Ordinal) || config?.IsSet("CONFIG_PREEMPT_RT") == true || root.Exists("sys/kernel/realtime"))
            return "rt";
        bool dynamic = version.Contains("PREEMPT_DYNAMIC", StringComparison.Ordinal) || config?.IsSet("CONFIG_PREEMPT_DYNAMIC") == true;
        if (dynamic)
        {
            var cmdline = root.ReadLine("proc/cmdline");
            string? fromCmdline = cmdline.Ok
                ? cmdline.Text!.Split(' ').FirstOrDefault(a => a.StartsWith("preempt=", StringComparison.Ordinal))?["preempt=".Length..]
                : null;
            string? mode = Normalise(fromCmdline) ?? Normalise(log.LastValueAfter("Dynamic Preempt:")) ?? FromConfig(config);
            return notes.Note("preemption", mode, "a PREEMPT_DYNAMIC kernel whose mode is in neither the command line, the kernel log nor the config");
        }
        if (version.Contains("PREEMPT", StringComparison.Ordinal)) return "full";
        return notes.Note("preemption", FromConfig(config), "kernel version says no preemption model and there is no kernel config");
    }

    private static string? FromConfig(KernelConfig? config) =>
        config is null ? null
        : config.IsSet("CONFIG_PREEMPT_RT") ? "rt"
        : config.IsSet("CONFIG_PREEMPT_LAZY") ? "lazy"
        : config.IsSet("CONFIG_PREEMPT") ? "full"
        : config.IsSet("CONFIG_PREEMPT_VOLUNTARY") ? "voluntary"
        : config.IsSet("CONFIG_PREEMPT_NONE") ? "none"
        : null;

    private static string? Normalise(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        "none" or "voluntary" or "full" or "lazy" => mode.Trim().ToLowerInvariant(),
        _ => null,
    };
}
