using Metronome.Timing.Linux;

namespace Metronome.Tooling.Host;

/// <summary>
/// The kernel log as `dmesg` prints it. Live it is read from /dev/kmsg (root may be needed:
/// dmesg_restrict); in a snapshot from var/log/dmesg.
/// </summary>
internal sealed record KernelLog(IReadOnlyList<string>? Lines, string? Problem)
{
    public const string SnapshotPath = "var/log/dmesg";

    /// <summary>The root the log was read through (null: live /dev/kmsg), so a line can name where it came from.</summary>
    private HostRoot? Root { get; init; }

    public static KernelLog Read(HostRoot root)
    {
        if (!root.IsLive)
        {
            var read = root.Read(SnapshotPath);
            return read.Ok ? new KernelLog(read.Text!.Split('\n'), null) { Root = root } : new KernelLog(null, read.Problem);
        }
        return ReadKmsg();
    }

    /// <summary>Where line <paramref name="index"/> came from: /dev/kmsg, the snapshot's var/log/dmesg, or the pasted file and line.</summary>
    public Evidence EvidenceAt(int index) =>
        Root?.EvidenceOf(SnapshotPath, index, Lines![index]) ?? new Evidence("/dev/kmsg", null, Lines![index].Trim());

    /// <summary>
    /// Whether the log runs from boot: its first line is the kernel's "Linux version" banner or is stamped
    /// 0.000000. Only such a log can show that something was never logged.
    /// </summary>
    public bool FromBoot =>
        Lines?.FirstOrDefault(l => l.Trim().Length > 0) is { } first
        && (first.Contains("Linux version ", StringComparison.Ordinal) || first.TrimStart().StartsWith("[    0.000000]", StringComparison.Ordinal));

    /// <summary>Where the log was read: /dev/kmsg live, var/log/dmesg in a snapshot (or the pasted files).</summary>
    public string Source => Root is null ? "/dev/kmsg" : SnapshotPath;

    /// <summary>
    /// Whether the log is the whole kernel ring buffer as this program read it (live, or a collected snapshot):
    /// only then can a log from boot show that something was never logged. Pasted logs may be cut anywhere.
    /// </summary>
    public bool Whole => Root is null || Root.Complete;

    /// <summary>Each line whose message (the text after its time stamp) <paramref name="pattern"/> matches, with its index, in log order.</summary>
    public IEnumerable<(int Index, System.Text.RegularExpressions.Match Match)> Find(System.Text.RegularExpressions.Regex pattern)
    {
        var lines = Lines ?? [];
        for (int i = 0; i < lines.Count; i++)
            if (pattern.Match(Message(lines[i])) is { Success: true } m) yield return (i, m);
    }

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create("0123456789");

    /// <summary>A line without its leading time stamp: "[    5.140900] ", "[Wed Nov 20 14:02:11 2026] ", "[Nov20 14:02] ", "[  +0.000004] ".</summary>
    public static string Message(string line)
    {
        string t = line.TrimStart();
        if (t.Length < 3 || t[0] != '[') return t;
        int close = t.IndexOf(']', StringComparison.Ordinal);
        if (close is < 2 or > 40) return t;
        var stamp = t.AsSpan(1, close - 1).Trim();
        bool isTime = stamp.Length > 0 && (char.IsAsciiDigit(stamp[0]) || stamp[0] == '+' || stamp.ContainsAny(Digits) && stamp.Contains(':'));
        return isTime ? t[(close + 1)..].TrimStart() : t;
    }

    /// <summary>The lines that contain <paramref name="text"/>; empty when the log is unknown.</summary>
    public IEnumerable<string> Matching(string text) =>
        (Lines ?? []).Where(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>The text after <paramref name="marker"/> on the last line holding it, trimmed; null if none.</summary>
    public string? LastValueAfter(string marker)
    {
        var line = Matching(marker).LastOrDefault();
        return line?[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    private static unsafe KernelLog ReadKmsg()
    {
        int fd = LibC.Open("/dev/kmsg", LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) return new KernelLog(null, $"/dev/kmsg is unreadable: {LibC.ErrorText(LibC.LastError)}");
        try
        {
            var lines = new List<string>();
            var buffer = new byte[8192];
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    nint n = LibC.ReadRestarting(fd, p, buffer.Length);
                    if (n < 0)
                    {
                        int errno = LibC.LastError;
                        if (errno == LibC.EPIPE) continue; // the ring buffer overwrote records we had not read yet
                        if (errno == LibC.EAGAIN) break;
                        return new KernelLog(null, $"/dev/kmsg read failed: {LibC.ErrorText(errno)}");
                    }
                    if (n == 0) break;
                    if (FormatRecord(System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n)) is { } line) lines.Add(line);
                }
            }
            return new KernelLog(lines, null);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>"6,339,5140900,-;text" (priority, sequence, µs since boot, flags) → "[    5.140900] text".</summary>
    internal static string? FormatRecord(string record)
    {
        int semicolon = record.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0) return null;
        var header = record[..semicolon].Split(',');
        if (header.Length < 3 || !long.TryParse(header[2], out long us)) return null;
        string text = record[(semicolon + 1)..].Split('\n')[0];
        return $"[{us / 1_000_000,5}.{us % 1_000_000:D6}] {text}";
    }
}
