namespace Metronome.Host.Probes;

/// <summary>Kernel DAHDI (modules, devices, spans) and which Asterisk timing module will load.</summary>
internal static class TelephonyProbe
{
    /// <summary>Asterisk's timing providers, highest priority first (res_timing_*.c).</summary>
    private static readonly (string Module, string Name)[] TimingByPriority =
    [
        ("res_timing_timerfd.so", "timerfd"),
        ("res_timing_kqueue.so", "kqueue"),
        ("res_timing_dahdi.so", "dahdi"),
        ("res_timing_pthread.so", "pthread"),
    ];

    private static readonly string[] ModuleDirs =
        ["usr/lib/asterisk/modules", "usr/lib/x86_64-linux-gnu/asterisk/modules", "usr/lib64/asterisk/modules", "usr/local/lib/asterisk/modules"];

    public static DahdiFacts ReadDahdi(HostRoot root, LiveFacts? live)
    {
        var modules = root.List("sys/module").Where(m => m.StartsWith("dahdi", StringComparison.Ordinal)).ToArray();
        var devices = live is not null
            ? live.DeviceNodes.Where(d => d.StartsWith("dev/dahdi/", StringComparison.Ordinal)).Select(d => d["dev/dahdi/".Length..]).ToArray()
            : root.List("dev/dahdi").ToArray();
        int? spans = root.Exists("proc/dahdi") ? root.List("proc/dahdi").Count(s => int.TryParse(s, out _)) : null;
        return new DahdiFacts(modules, devices, spans);
    }

    public static AsteriskFacts ReadAsterisk(HostRoot root, DahdiFacts dahdi)
    {
        var installed = ModuleDirs.Where(root.Exists).ToArray();
        var timing = installed.SelectMany(root.List).Where(m => m.StartsWith("res_timing_", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var conf = root.Read("etc/asterisk/modules.conf");
        var noload = conf.Ok
            ? conf.Text!.Split('\n')
                .Select(l => l.Split(';')[0].Trim())
                .Where(l => l.StartsWith("noload", StringComparison.Ordinal))
                .Select(l => l[(l.IndexOfAny(['=', '>']) + 1)..].TrimStart('>').Trim())
                .Where(m => m.StartsWith("res_timing_", StringComparison.Ordinal))
                .ToArray()
            : [];
        bool dahdiTimer = dahdi.Devices.Contains("timer");
        string? willUse = TimingByPriority
            .Where(t => timing.Contains(t.Module) && !noload.Contains(t.Module) && (t.Name != "dahdi" || dahdiTimer))
            .Select(t => t.Name)
            .FirstOrDefault();
        return new AsteriskFacts(installed.Length > 0 || root.Exists("etc/asterisk"), timing, noload, willUse);
    }
}
