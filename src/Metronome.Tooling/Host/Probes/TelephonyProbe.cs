using System.Text.RegularExpressions;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Kernel DAHDI (modules, devices, spans, dahdi_dummy's timer) and which Asterisk timing module will load.</summary>
internal static partial class TelephonyProbe
{
    /// <summary>Asterisk's timing providers, highest priority first (res_timing_*.c).</summary>
    private static readonly (string Module, string Name)[] TimingByPriority =
    [
        ("res_timing_timerfd.so", "timerfd"),
        ("res_timing_kqueue.so", "kqueue"),
        ("res_timing_dahdi.so", "dahdi"),
        ("res_timing_pthread.so", "pthread"),
    ];

    /// <summary>Where Asterisk's modules are installed (the snapshot records these directories' res_timing_ entries).</summary>
    internal static readonly string[] ModuleDirs =
        ["usr/lib/asterisk/modules", "usr/lib/x86_64-linux-gnu/asterisk/modules", "usr/lib64/asterisk/modules", "usr/local/lib/asterisk/modules"];

    /// <summary>The module list pasted `lsmod` (or `cat /proc/modules`) output lands in.</summary>
    internal const string Modules = "proc/modules";

    public static DahdiFacts ReadDahdi(HostRoot root, LiveFacts? live, LogReading log, ProbeNotes notes)
    {
        IReadOnlyList<string>? modules = null;
        if (root.Complete || root.Exists("sys/module"))
        {
            modules = root.List("sys/module").Where(IsDahdiModule).ToArray();
            notes.Saw("dahdi.modules", root.EvidenceOf(modules.Count > 0 ? $"sys/module/{modules[0]}" : "sys/module", null, modules.Count > 0 ? null : "no dahdi* module"));
        }
        else if (root.Read(Modules) is { Ok: true } listed)
        {
            var lines = listed.Text!.Split('\n');
            var found = lines.Select((l, i) => (Name: l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "", Index: i))
                .Where(m => IsDahdiModule(m.Name)).ToArray();
            if (found.Length > 0 || root.IsWhole(Modules))
            {
                modules = found.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToArray();
                notes.Saw("dahdi.modules", found.Length > 0 ? root.EvidenceOf(Modules, found[0].Index, lines[found[0].Index]) : root.EvidenceOf(Modules, null, "no dahdi module in the whole list"));
            }
        }
        if (modules is null && log.DahdiModules is { } logged)
        {
            modules = logged.Value;
            notes.Saw("dahdi.modules", logged.Evidence);
        }
        if (modules is null) notes.Unknown("dahdi.modules", "no module list (sys/module, lsmod) and no DAHDI line in the kernel log");

        IReadOnlyList<string>? devices = live is not null
            ? live.DeviceNodes.Where(d => d.StartsWith("dev/dahdi/", StringComparison.Ordinal)).Select(d => d["dev/dahdi/".Length..]).ToArray()
            : root.Complete || root.Exists("dev/dahdi") ? root.List("dev/dahdi").ToArray() : null;
        if (devices is not null) notes.Saw("dahdi.devices", live is not null ? new Evidence(root.IsLive ? "live" : LiveFacts.FileName, null, "deviceNodes") : root.EvidenceOf("dev/dahdi"));

        int? spans = null;
        string? timer = log.DummyTimer?.Value;
        if (timer is not null) notes.Saw("dahdi.dummy-timer", log.DummyTimer!.Evidence);
        if (root.Exists("proc/dahdi"))
        {
            var numbered = root.List("proc/dahdi").Where(s => int.TryParse(s, out _)).ToArray();
            spans = numbered.Length;
            // The count is the listing's; pasted evidence points at the first "Span N:" line.
            notes.Saw("dahdi.spans", root.IsPasted && numbered.Length > 0 ? root.EvidenceOf($"proc/dahdi/{numbered[0]}") : root.EvidenceOf("proc/dahdi", null, $"{numbered.Length} numbered entries"));
            foreach (var span in numbered)
            {
                // dahdi_dummy's span says which timer drives it: "DAHDI_DUMMY/1 (source: HRtimer) 1".
                var read = root.Read($"proc/dahdi/{span}");
                if (timer is null && read.Ok && DummySource().Match(read.Text!) is { Success: true } m)
                {
                    timer = m.Groups[1].Value.ToLowerInvariant() switch { "hrtimer" => "hrtimer", "rtc" => "rtc", "hpet" => "hpet", _ => "kernel-timer" };
                    notes.Saw("dahdi.dummy-timer", root.EvidenceOf($"proc/dahdi/{span}", Array.FindIndex(read.Text!.Split('\n'), l => l.Contains("(source:")), m.Value));
                }
            }
        }
        return new DahdiFacts(modules, devices, spans, timer);
    }

    /// <summary>DAHDI's own modules and zaptel's, and the card drivers that register DAHDI spans.</summary>
    internal static bool IsDahdiModule(string name) => DahdiModuleName().IsMatch(name);

    public static AsteriskFacts ReadAsterisk(HostRoot root, DahdiFacts dahdi, ProbeNotes notes)
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
        bool dahdiTimer = dahdi.Devices?.Contains("timer") == true;
        string? willUse = TimingByPriority
            .Where(t => timing.Contains(t.Module) && !noload.Contains(t.Module) && (t.Name != "dahdi" || dahdiTimer))
            .Select(t => t.Name)
            .FirstOrDefault();
        bool any = installed.Length > 0 || root.Exists("etc/asterisk");
        bool? isInstalled = any ? true : root.Complete ? false : null;
        if (isInstalled is null) notes.Unknown("asterisk.installed", "the evidence shows no Asterisk directory, and lacking one proves nothing here");
        else notes.Saw("asterisk.installed", root.EvidenceOf(installed.FirstOrDefault() ?? "etc/asterisk", null, any ? null : "no Asterisk module directory or etc/asterisk"));
        return new AsteriskFacts(isInstalled, timing, noload, willUse);
    }

    [GeneratedRegex(@"^(dahdi\w*|ztdummy|zaptel|ztd\w+|wct\w+|wcb\w+|wcte\w+|wcfxo|wcaxx|wcopenpci|xpp\w*|xpd_\w+|tor2|pciradio|opvxa\w+|opvxd\w+)$")]
    private static partial Regex DahdiModuleName();

    [GeneratedRegex(@"\(source: (\w+)\)")]
    private static partial Regex DummySource();
}
