using System.Formats.Tar;
using System.IO.Compression;

namespace Metronome.Host;

/// <summary>
/// Writes a snapshot of the live host as a .tar.gz laid out like a filesystem root: every file the
/// probes read, the kernel log as `dmesg` prints it (var/log/dmesg), and the live-only facts
/// (metronome-live.json). `metronome doctor --root` reads it back; docs/doctor.md lists its contents.
/// </summary>
public static class SnapshotCollector
{
    private static readonly string[] Files =
    [
        "proc/timer_list", "proc/stat", "proc/cpuinfo", "proc/cmdline", "proc/config.gz", "proc/self/limits", "proc/self/status",
        "proc/1/environ", "proc/sys/kernel/osrelease", "proc/sys/kernel/version", "proc/sys/kernel/sched_rt_runtime_us",
        "proc/sys/kernel/sched_rt_period_us", "proc/sys/dev/hpet/max-user-freq",
        "sys/devices/system/clocksource/clocksource0/current_clocksource",
        "sys/devices/system/clocksource/clocksource0/available_clocksource",
        "sys/devices/system/clockevents/broadcast/current_device", "sys/devices/system/cpu/isolated",
        "sys/class/rtc/rtc0/max_user_freq", "sys/hypervisor/type",
        "sys/class/dmi/id/sys_vendor", "sys/class/dmi/id/product_name", "sys/class/dmi/id/board_vendor", "sys/class/dmi/id/bios_vendor",
        ".dockerenv", "run/.containerenv", "run/systemd/container", "etc/asterisk/modules.conf",
    ];

    /// <summary>Directories whose presence is a fact (their entries are listed, not copied).</summary>
    private static readonly string[] PresenceDirs = ["proc/xen", "sys/kernel/realtime", "sys/class/rtc/rtc0", "etc/asterisk"];

    private static readonly string[] AsteriskModuleDirs =
        ["usr/lib/asterisk/modules", "usr/lib/x86_64-linux-gnu/asterisk/modules", "usr/lib64/asterisk/modules", "usr/local/lib/asterisk/modules"];

    /// <summary>Writes the snapshot; returns how many files it holds.</summary>
    public static int Collect(string tarGzPath, LiveFacts live, KernelLog log) => Collect(tarGzPath, new HostRoot("/"), live, log);

    /// <summary>For testing: collect from any root.</summary>
    internal static int Collect(string tarGzPath, HostRoot root, LiveFacts live, KernelLog log)
    {
        using var file = File.Create(tarGzPath);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        int count = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);

        void Add(string relative, byte[] content)
        {
            AddParents(tar, relative, written);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, relative) { DataStream = new MemoryStream(content) });
            count++;
        }

        foreach (var relative in Files.Concat(Globbed(root))) if (ReadBytes(root, relative) is { } bytes) Add(relative, bytes);
        foreach (var dir in PresenceDirs.Concat(AsteriskModuleDirs).Concat(root.List("sys/module").Where(m => m.StartsWith("dahdi", StringComparison.Ordinal)).Select(m => $"sys/module/{m}")))
        {
            if (!Directory.Exists(root.Resolve(dir))) continue;
            AddParents(tar, dir + "/", written);
            // Module and driver directories: their entries' names are the facts, so record them as empty files.
            if (dir.Contains("asterisk/modules", StringComparison.Ordinal))
                foreach (var name in root.List(dir).Where(n => n.StartsWith("res_timing_", StringComparison.Ordinal))) Add($"{dir}/{name}", []);
        }
        if (log.Lines is not null) Add(KernelLog.SnapshotPath, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', log.Lines) + "\n"));
        Add(LiveFacts.FileName, System.Text.Encoding.UTF8.GetBytes(HostInspector.Serialize(live)));
        return count;
    }

    private static IEnumerable<string> Globbed(HostRoot root)
    {
        foreach (var e in root.List("sys/devices/system/clockevents").Where(e => e.StartsWith("clockevent", StringComparison.Ordinal)))
            yield return $"sys/devices/system/clockevents/{e}/current_device";
        foreach (var cpu in root.List("sys/devices/system/cpu").Where(c => c.StartsWith("cpu", StringComparison.Ordinal) && int.TryParse(c[3..], out _)))
            yield return $"sys/devices/system/cpu/{cpu}/cpufreq/scaling_governor";
        foreach (var span in root.List("proc/dahdi")) yield return $"proc/dahdi/{span}";
    }

    private static byte[]? ReadBytes(HostRoot root, string relative)
    {
        string full = root.Resolve(relative);
        try
        {
            if (!File.Exists(full)) return null;
            using var stream = File.OpenRead(full);
            var buffer = new MemoryStream();
            stream.CopyTo(buffer); // /proc files report size 0: read to the end
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable here (e.g. proc/1/environ): the snapshot then lacks it, as the live run does
        }
    }

    private static void AddParents(TarWriter tar, string relative, HashSet<string> written)
    {
        var parts = relative.TrimEnd('/').Split('/');
        int dirs = relative.EndsWith('/') ? parts.Length : parts.Length - 1;
        for (int i = 1; i <= dirs; i++)
        {
            string dir = string.Join('/', parts[..i]) + "/";
            if (written.Add(dir)) tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir));
        }
    }
}
