using System.IO.Compression;

namespace Metronome.Host;

/// <summary>
/// Reads host files through a root directory: "/" for the live host, or a saved snapshot laid out
/// like one. Every read returns text or the reason there is none (missing, unreadable, not text,
/// too large); nothing here throws for a bad file.
/// </summary>
public sealed class HostRoot(string path)
{
    /// <summary>Files larger than this are not read: no probe needs more, and garbage can be huge.</summary>
    public const int MaxBytes = 8 << 20;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public bool IsLive => Path == "/";

    public string Resolve(string relative) => System.IO.Path.Combine(Path, relative.TrimStart('/'));

    public bool Exists(string relative) => File.Exists(Resolve(relative)) || Directory.Exists(Resolve(relative));

    public FileRead Read(string relative)
    {
        string full = Resolve(relative);
        try
        {
            if (!File.Exists(full)) return FileRead.Missing($"{relative} does not exist");
            using var stream = File.OpenRead(full);
            return relative.EndsWith(".gz", StringComparison.Ordinal)
                ? ReadText(new GZipStream(stream, CompressionMode.Decompress), relative)
                : ReadText(stream, relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return FileRead.Missing($"{relative} is unreadable: {e.Message}");
        }
    }

    /// <summary>The first line of a file, trimmed; the problem when it is missing or empty.</summary>
    public FileRead ReadLine(string relative)
    {
        var read = Read(relative);
        if (!read.Ok) return read;
        string line = read.Text!.Split('\n')[0].Trim();
        return line.Length > 0 ? FileRead.Found(line) : FileRead.Missing($"{relative} is empty");
    }

    /// <summary>Names of the entries of a directory (files and folders); empty when it is absent.</summary>
    public IReadOnlyList<string> List(string relative)
    {
        try
        {
            string full = Resolve(relative);
            return Directory.Exists(full)
                ? Directory.EnumerateFileSystemEntries(full).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static FileRead ReadText(Stream stream, string relative)
    {
        using (stream)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            // /proc files report size 0, so read to the end rather than trusting the length.
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + n > MaxBytes) return FileRead.Missing($"{relative} is larger than {MaxBytes} bytes");
                buffer.Write(chunk, 0, n);
            }
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            // NUL separates /proc/N/environ; anything else outside text means garbage.
            foreach (byte b in bytes)
                if (b < 0x09 && b != 0) return FileRead.Missing($"{relative} is not text");
            return FileRead.Found(System.Text.Encoding.UTF8.GetString(bytes));
        }
    }
}
