using System.Formats.Tar;
using System.IO.Compression;

namespace Metronome.Tooling.Host;

/// <summary>
/// Writes a snapshot of the live host as a .tar.gz laid out like a filesystem root: every file the
/// probes read, the kernel log as `dmesg` prints it (var/log/dmesg), and the live-only facts
/// (metronome-live.json). Which files those are is not listed here: the probes are run once over a
/// recording root, and what they read, list or look for is what the snapshot holds.
/// `metronome doctor --root` reads it back; docs/doctor.md lists its contents.
/// </summary>
internal static class SnapshotCollector
{
    /// <summary>Writes the snapshot; returns how many files it holds.</summary>
    public static int Collect(string tarGzPath, LiveFacts live, KernelLog log) => Collect(tarGzPath, "/", live, log);

    /// <summary>For testing: collect from any root.</summary>
    internal static int Collect(string tarGzPath, string rootPath, LiveFacts live, KernelLog log)
    {
        var root = HostRoot.Recording(rootPath);
        root.MarkCollected();
        HostInspector.Inspect(root, live, null, log);

        using var file = File.Create(tarGzPath);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        int count = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);

        void Add(string relative, byte[] content)
        {
            if (!written.Add(relative)) return;
            AddParents(tar, relative, written);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, relative) { DataStream = new MemoryStream(content) });
            count++;
        }

        void AddDirectory(string relative) => AddParents(tar, relative + "/", written);

        // Files the probes read, byte for byte; then what they only looked for or listed: the names are the facts there
        // (sys/module/dahdi, proc/xen, res_timing_*.so), so those are recorded as empty files or directories.
        foreach (var relative in root.ReadPaths.Concat(root.ProbedPaths).Order(StringComparer.Ordinal))
        {
            if (ReadBytes(root, relative) is { } bytes) Add(relative, bytes);
            else if (Directory.Exists(root.Resolve(relative))) AddDirectory(relative);
        }
        foreach (var dir in root.ListedPaths.Order(StringComparer.Ordinal))
        {
            if (!Directory.Exists(root.Resolve(dir))) continue;
            AddDirectory(dir);
            foreach (var name in root.List(dir))
            {
                string entry = $"{dir}/{name}";
                if (Directory.Exists(root.Resolve(entry))) AddDirectory(entry);
                else Add(entry, []);
            }
        }
        if (log.Lines is not null) Add(KernelLog.SnapshotPath, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', log.Lines) + "\n"));
        Add(LiveFacts.FileName, System.Text.Encoding.UTF8.GetBytes(HostInspector.Serialize(live)));
        return count;
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
