using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Timing.Linux;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>Kernel DAHDI (modules, devices, spans, dahdi_dummy's timer) and which Asterisk timing module will load.</summary>
internal static partial class TelephonyProbe
{
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
            notes.Saw(FactKey.DahdiModules, root.EvidenceOf(modules.Count > 0 ? $"sys/module/{modules[0]}" : "sys/module", null, modules.Count > 0 ? null : "no dahdi* module"));
        }
        else if (root.Read(Modules) is { Ok: true } listed)
        {
            var lines = listed.Text!.Split('\n');
            var found = lines.Select((l, i) => (Name: l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "", Index: i))
                .Where(m => IsDahdiModule(m.Name)).ToArray();
            if (found.Length > 0 || root.IsWhole(Modules))
            {
                modules = found.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToArray();
                notes.Saw(FactKey.DahdiModules, found.Length > 0 ? root.EvidenceOf(Modules, found[0].Index, lines[found[0].Index]) : root.EvidenceOf(Modules, null, "no dahdi module in the whole list"));
            }
        }
        if (modules is null && log.DahdiModules is { } logged)
        {
            modules = logged.Value;
            notes.Saw(FactKey.DahdiModules, logged.Evidence);
        }
        if (modules is null) notes.Unknown(FactKey.DahdiModules, "no module list (sys/module, lsmod) and no DAHDI line in the kernel log");

        IReadOnlyList<string>? devices = live is not null
            ? live.DeviceNodes.Where(d => d.StartsWith("dev/dahdi/", StringComparison.Ordinal)).Select(d => d["dev/dahdi/".Length..]).ToArray()
            : root.Complete || root.Exists("dev/dahdi") ? root.List("dev/dahdi").ToArray() : null;
        if (devices is not null) notes.Saw(FactKey.DahdiDevices, live is not null ? new Evidence(root.IsLive ? "live" : LiveFacts.FileName, null, "deviceNodes") : root.EvidenceOf("dev/dahdi"));

        int? spans = null;
        DummyTimer? timer = log.DummyTimer?.Value;
        if (timer is not null) notes.Saw(FactKey.DahdiDummyTimer, log.DummyTimer!.Evidence);
        if (root.Exists("proc/dahdi"))
        {
            var numbered = root.List("proc/dahdi").Where(s => int.TryParse(s, out _)).ToArray();
            spans = numbered.Length;
            // The count is the listing's; pasted evidence points at the first "Span N:" line.
            notes.Saw(FactKey.DahdiSpans, root.IsPasted && numbered.Length > 0 ? root.EvidenceOf($"proc/dahdi/{numbered[0]}") : root.EvidenceOf("proc/dahdi", null, $"{numbered.Length} numbered entries"));
            foreach (var span in numbered)
            {
                // dahdi_dummy's span says which timer drives it: "DAHDI_DUMMY/1 (source: HRtimer) 1".
                var read = root.Read($"proc/dahdi/{span}");
                if (timer is null && read.Ok && DummySource().Match(read.Text!) is { Success: true } m)
                {
                    timer = m.Groups[1].Value.ToLowerInvariant() switch { "hrtimer" => DummyTimer.Hrtimer, "rtc" => DummyTimer.Rtc, "hpet" => DummyTimer.Hpet, _ => DummyTimer.KernelTimer };
                    notes.Saw(FactKey.DahdiDummyTimer, root.EvidenceOf($"proc/dahdi/{span}", Array.FindIndex(read.Text!.Split('\n'), l => l.Contains("(source:")), m.Value));
                }
            }
        }
        string? servedBy = ServedBy(root, modules, devices, notes);
        return new DahdiFacts(modules, devices, spans, timer, servedBy, ReadLoad(root, servedBy, notes));
    }

    /// <summary>Where `metronome dahdi` serving /dev/dahdi keeps its load report, relative to the root.</summary>
    internal static readonly string LoadReport = DahdiLoadFile.For(RealDahdi.StandardMountPoint).Path.TrimStart('/');

    /// <summary>
    /// The load report of `metronome dahdi` serving /dev/dahdi: requests per second, and the ceiling their cost
    /// implies. Only the report's own serving process vouches for it: one whose process is gone is stale.
    /// </summary>
    private static DahdiLoadReport? ReadLoad(HostRoot root, string? servedBy, ProbeNotes notes)
    {
        if (servedBy != "metronome")
        {
            notes.Unknown(FactKey.DahdiRequestsPerSecond, servedBy == "kernel"
                ? "/dev/dahdi is kernel DAHDI's, which answers its timer in the kernel"
                : "whether /dev/dahdi is metronome dahdi's is not in the evidence");
            return null;
        }
        var read = root.Read(LoadReport);
        DahdiLoadReport? report = read.Ok ? DahdiLoadReport.Parse(read.Text!) : null;
        if (report is null)
        {
            notes.Unknown(FactKey.DahdiRequestsPerSecond, read.Ok
                ? $"{LoadReport} is not a load report of metronome dahdi's"
                : $"{read.Problem} (metronome dahdi writes it every {DahdiLoadSampler.Window.TotalSeconds:0} s while it serves)");
            return null;
        }
        if (root.Complete && !root.Exists($"proc/{report.Pid}"))
        {
            notes.Unknown(FactKey.DahdiRequestsPerSecond, $"{LoadReport} names process {report.Pid}, which is gone: a metronome dahdi that stopped without removing it");
            return null;
        }
        var lines = read.Text!.Split('\n');
        Evidence Line(string key)
        {
            int i = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + " ", StringComparison.Ordinal));
            return root.EvidenceOf(LoadReport, i, lines[i]);
        }
        notes.Saw(FactKey.DahdiRequestsPerSecond, Line("requests"));
        if (report.CeilingPerSecond is null)
            notes.Unknown(FactKey.DahdiRequestCeiling, string.Create(CultureInfo.InvariantCulture,
                $"the request threads used {report.RequestCpuSeconds:0.00} s of CPU in the {report.WindowSeconds:0.#} s window, under the {DahdiLoadReport.MinCpuSeconds} s that measures a cost per request"));
        else notes.Saw(FactKey.DahdiRequestCeiling, Line("request-cpu-seconds"));
        return report;
    }

    /// <summary>
    /// Who serves /dev/dahdi: `metronome dahdi`'s FUSE mount (type fuse.metronome in the mount table), or the kernel's
    /// DAHDI character devices (modules loaded, device nodes, no such mount). Null when the evidence cannot tell.
    /// </summary>
    private static string? ServedBy(HostRoot root, IReadOnlyList<string>? modules, IReadOnlyList<string>? devices, ProbeNotes notes)
    {
        const string mountInfo = "proc/self/mountinfo";
        var read = root.Read(mountInfo);
        if (!read.Ok) return null;
        string? type = MountTable.TypeAt("/dev/dahdi", read.Text!);
        if (type == "fuse." + DahdiMountPoint.FileSystemName)
        {
            var lines = read.Text!.Split('\n');
            int i = Array.FindIndex(lines, l => l.Contains(" /dev/dahdi ", StringComparison.Ordinal));
            notes.Saw(FactKey.DahdiServedBy, root.EvidenceOf(mountInfo, i >= 0 ? i : null, i >= 0 ? lines[i] : type));
            return "metronome";
        }
        if (type is null && modules is { Count: > 0 } && devices is { Count: > 0 })
        {
            notes.Saw(FactKey.DahdiServedBy, notes.Evidence.GetValueOrDefault(FactKey.DahdiModules));
            return "kernel";
        }
        return null;
    }

    /// <summary>DAHDI's own modules and zaptel's, and the card drivers that register DAHDI spans.</summary>
    internal static bool IsDahdiModule(string name) => DahdiModuleName().IsMatch(name);

    public static AsteriskFacts ReadAsterisk(HostRoot root, DahdiFacts dahdi, ProbeNotes notes)
    {
        var installed = ModuleDirs.Where(root.Exists).ToArray();
        var timing = installed.SelectMany(root.List).Where(m => m.StartsWith("res_timing_", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var conf = root.Read("etc/asterisk/modules.conf");
        var settings = conf.Ok ? conf.Text!.Split('\n').Select(l => l.Split(';')[0].Trim()).Where(l => l.Length > 0).ToArray() : [];
        string[] Modules(string verb) => settings
            .Where(l => l.StartsWith(verb, StringComparison.Ordinal) && l.Length > verb.Length && l[verb.Length] is ' ' or '=')
            .Select(l => l[(l.IndexOfAny(['=', '>']) + 1)..].TrimStart('>').Trim())
            .Where(m => m.StartsWith("res_timing_", StringComparison.Ordinal))
            .ToArray();
        var noload = Modules("noload");
        var load = Modules("load").Concat(Modules("preload")).ToArray();
        // loader.c: with autoload=yes every installed module loads but the noload ones; without it, only the load/preload ones.
        bool autoload = settings.Any(l => AutoloadYes().IsMatch(l));
        // Pasted `module show like timing`: the modules Asterisk has loaded, so the one it uses is the first of them by priority.
        var shown = root.Read(PastedEvidence.AsteriskModuleShow);
        string[] loaded = shown.Ok ? shown.Text!.Split('\n').Where(m => m.StartsWith("res_timing_", StringComparison.Ordinal)).ToArray() : [];
        bool dahdiTimer = dahdi.Devices?.Contains("timer") == true;
        AsteriskTiming? willUse = loaded.Length > 0
            ? AsteriskTimingNames.ByPriority.Where(t => loaded.Contains(t.Module())).Cast<AsteriskTiming?>().FirstOrDefault()
            : AsteriskTimingNames.ByPriority
                .Where(t => timing.Contains(t.Module()) && !noload.Contains(t.Module()) && (autoload || load.Contains(t.Module())) && (t != AsteriskTiming.Dahdi || dahdiTimer))
                .Cast<AsteriskTiming?>().FirstOrDefault();
        if (loaded.Length == 0 && installed.Length > 0 && settings.Length == 0)
        {
            // Without modules.conf (or with an empty or unreadable one) which modules load is not known.
            willUse = null;
            notes.Unknown(FactKey.AsteriskTiming, conf.Ok ? "etc/asterisk/modules.conf is empty" : conf.Problem!);
        }
        if (loaded.Length > 0)
        {
            timing = loaded;
            notes.Saw(FactKey.AsteriskTimingModules, root.EvidenceOf(PastedEvidence.AsteriskModuleShow, 0));
            if (willUse is { } used) notes.Saw(FactKey.AsteriskTiming, root.EvidenceOf(PastedEvidence.AsteriskModuleShow, Array.IndexOf(loaded, used.Module())));
        }
        else if (installed.Length > 0)
        {
            notes.Saw(FactKey.AsteriskTimingModules, root.EvidenceOf(installed[0]));
            if (willUse is not null) notes.Saw(FactKey.AsteriskTiming, conf.Ok ? root.EvidenceOf("etc/asterisk/modules.conf") : root.EvidenceOf(installed[0]));
        }
        bool any = installed.Length > 0 || root.Exists("etc/asterisk") || loaded.Length > 0;
        bool? isInstalled = any ? true : root.Complete ? false : null;
        if (isInstalled is null) notes.Unknown(FactKey.AsteriskInstalled, "the evidence shows no Asterisk directory, and lacking one proves nothing here");
        else notes.Saw(FactKey.AsteriskInstalled, loaded.Length > 0 ? root.EvidenceOf(PastedEvidence.AsteriskModuleShow, 0)
            : root.EvidenceOf(installed.FirstOrDefault() ?? "etc/asterisk", null, any ? null : "no Asterisk module directory or etc/asterisk"));
        return new AsteriskFacts(isInstalled, timing, noload, willUse, isInstalled == true ? AsteriskRealtime(root, notes) : null);
    }

    /// <summary>
    /// Whether Asterisk runs real-time: a running asterisk's scheduling policy (field 41 of /proc/PID/stat: 1 FIFO, 2 RR),
    /// else `-p` among its options; not running, `highpriority = yes` in asterisk.conf's [options] (what `-p` sets).
    /// Null when none of these shows it.
    /// </summary>
    private static bool? AsteriskRealtime(HostRoot root, ProbeNotes notes)
    {
        foreach (var pid in root.List("proc").Where(e => e.All(char.IsAsciiDigit)))
        {
            if (root.ReadLine($"proc/{pid}/comm") is not { Ok: true, Text: "asterisk" }) continue;
            var stat = root.ReadLine($"proc/{pid}/stat");
            if (stat.Ok && ProcessStat.Parse(stat.Text!) is { Policy: { } policy } parsed)
            {
                notes.Saw(FactKey.AsteriskRealtime, root.EvidenceOf($"proc/{pid}/stat", 0, $"policy {policy}"));
                return parsed.IsRealtime;
            }
            var cmdline = root.Read($"proc/{pid}/cmdline");
            if (cmdline.Ok && cmdline.Text!.Split('\0').Skip(1).Any(a => a.Length > 1 && a[0] == '-' && a[1] != '-' && a.Contains('p')))
            {
                notes.Saw(FactKey.AsteriskRealtime, root.EvidenceOf($"proc/{pid}/cmdline", null, cmdline.Text.Replace('\0', ' ').Trim()));
                return true;
            }
        }
        var conf = root.Read("etc/asterisk/asterisk.conf");
        if (conf.Ok && HighPriority().Match(conf.Text!) is { Success: true } m)
        {
            var lines = conf.Text!.Split('\n');
            int i = Array.FindIndex(lines, l => HighPriority().IsMatch(l));
            notes.Saw(FactKey.AsteriskRealtime, root.EvidenceOf("etc/asterisk/asterisk.conf", i, lines[i]));
            return m.Groups[1].Value.ToLowerInvariant() is "yes" or "true" or "1" or "on";
        }
        notes.Unknown(FactKey.AsteriskRealtime, "no running asterisk process and no highpriority setting in etc/asterisk/asterisk.conf");
        return null;
    }

    [GeneratedRegex(@"^\s*highpriority\s*=>?\s*(\w+)", RegexOptions.Multiline)]
    private static partial Regex HighPriority();

    [GeneratedRegex(@"^autoload\s*=>?\s*(?:yes|true|1|on)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AutoloadYes();

    [GeneratedRegex(@"^(dahdi\w*|ztdummy|zaptel|ztd\w+|wct\w+|wcb\w+|wcte\w+|wcfxo|wcaxx|wcopenpci|xpp\w*|xpd_\w+|tor2|pciradio|opvxa\w+|opvxd\w+)$")]
    private static partial Regex DahdiModuleName();

    [GeneratedRegex(@"\(source: (\w+)\)")]
    private static partial Regex DummySource();
}
