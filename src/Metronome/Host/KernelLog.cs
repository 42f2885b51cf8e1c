using Metronome.Linux;

namespace Metronome.Host;

/// <summary>
/// The kernel log as `dmesg` prints it. Live it is read from /dev/kmsg (root may be needed:
/// dmesg_restrict); in a snapshot from var/log/dmesg.
/// </summary>
public sealed record KernelLog(IReadOnlyList<string>? Lines, string? Problem)
{
    public const string SnapshotPath = "var/log/dmesg";

    public static KernelLog Read(HostRoot root)
    {
        if (!root.IsLive)
        {
            var read = root.Read(SnapshotPath);
            return read.Ok ? new KernelLog(read.Text!.Split('\n'), null) : new KernelLog(null, read.Problem);
        }
        return ReadKmsg();
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
