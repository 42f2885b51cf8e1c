using System.IO.Compression;

namespace Metronome.Tooling.Host;

/// <summary>
/// Reads host files through a root: "/" for the live host, a saved snapshot laid out like one, or pasted
/// evidence held in memory (<see cref="Pasted"/>). Every read returns text or the reason there is none
/// (missing, unreadable, not text, too large); nothing here throws for a bad file.
/// </summary>
internal sealed class HostRoot
{
    /// <summary>Files larger than this are not read: no probe needs more, and garbage can be huge.</summary>
    public const int MaxBytes = 8 << 20;

    private readonly IReadOnlyDictionary<string, PastedFile>? _pasted;
    private readonly HashSet<string>? _read, _listed, _probed;

    public HostRoot(string path) : this(path, null, record: false)
    {
    }

    private HostRoot(string path, IReadOnlyDictionary<string, PastedFile>? pasted, bool record)
    {
        Path = pasted is null ? System.IO.Path.GetFullPath(path) : path;
        _pasted = pasted;
        if (record) (_read, _listed, _probed) = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
    }

    /// <summary>Pasted evidence as files laid out like a root; each line of each file knows where it was pasted from.</summary>
    public static HostRoot Pasted(IReadOnlyDictionary<string, PastedFile> files, string label) => new(label, files, record: false);

    /// <summary>A root that remembers every path a probe reads, lists or looks for: what a snapshot of it must hold.</summary>
    internal static HostRoot Recording(string path) => new(path, null, record: true);

    public string Path { get; }

    public bool IsLive => _pasted is null && Path == "/";

    /// <summary>
    /// Whether a missing file means the host lacks it: true live and in a snapshot that --collect wrote
    /// (it holds a valid <see cref="LiveFacts.FileName"/>); false for pasted evidence and hand-made snapshots.
    /// </summary>
    public bool Complete => _pasted is null && (IsLive || _collected);

    /// <summary>Whether this is pasted evidence held in memory.</summary>
    public bool IsPasted => _pasted is not null;

    private bool _collected;

    /// <summary>A snapshot whose <see cref="LiveFacts.FileName"/> was read: --collect wrote it whole.</summary>
    internal void MarkCollected() => _collected = true;

    internal IReadOnlyCollection<string> ReadPaths => _read ?? [];

    internal IReadOnlyCollection<string> ListedPaths => _listed ?? [];

    internal IReadOnlyCollection<string> ProbedPaths => _probed ?? [];

    public string Resolve(string relative) => System.IO.Path.Combine(Path, relative.TrimStart('/'));

    /// <summary>Where a fact read from <paramref name="relative"/> (its line <paramref name="index"/>, 0-based, when known) came from.</summary>
    public Evidence EvidenceOf(string relative, int? index = null, string? text = null)
    {
        if (_pasted is not null && _pasted.TryGetValue(relative, out var file) && file.Origins.Count > 0)
            return file.Origins[Math.Clamp(index ?? 0, 0, file.Origins.Count - 1)];
        string source = IsLive ? "/" + relative : relative;
        return new Evidence(source, index + 1, index is null ? text : text?.Trim());
    }

    /// <summary>Whether <paramref name="relative"/> is there whole, so that what it lacks the host lacks (false for a pasted grep of it).</summary>
    public bool IsWhole(string relative) =>
        _pasted is null ? Exists(relative) : _pasted.TryGetValue(relative, out var file) && file.Whole;

    public bool Exists(string relative)
    {
        _probed?.Add(relative);
        if (_pasted is not null) return _pasted.ContainsKey(relative) || _pasted.Keys.Any(k => k.StartsWith(relative.TrimEnd('/') + "/", StringComparison.Ordinal));
        return File.Exists(Resolve(relative)) || Directory.Exists(Resolve(relative));
    }

    public FileRead Read(string relative)
    {
        _read?.Add(relative);
        if (_pasted is not null)
            return _pasted.TryGetValue(relative, out var file) ? FileRead.Found(file.Text) : FileRead.Unavailable($"{relative}: not in the pasted evidence");
        string full = Resolve(relative);
        try
        {
            if (!File.Exists(full)) return FileRead.Unavailable($"{relative} does not exist");
            using var stream = File.OpenRead(full);
            return relative.EndsWith(".gz", StringComparison.Ordinal)
                ? ReadText(new GZipStream(stream, CompressionMode.Decompress), relative)
                : ReadText(stream, relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return FileRead.Unavailable($"{relative} is unreadable: {e.Message}");
        }
    }

    /// <summary>The first line of a file, trimmed; the problem when it is missing or empty.</summary>
    public FileRead ReadLine(string relative)
    {
        var read = Read(relative);
        if (!read.Ok) return read;
        string line = read.Text!.Split('\n')[0].Trim();
        return line.Length > 0 ? FileRead.Found(line) : FileRead.Unavailable($"{relative} is empty");
    }

    /// <summary>Names of the entries of a directory (files and folders); empty when it is absent.</summary>
    public IReadOnlyList<string> List(string relative)
    {
        _listed?.Add(relative);
        if (_pasted is not null)
        {
            string prefix = relative.TrimEnd('/') + "/";
            return _pasted.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                .Select(k => k[prefix.Length..].Split('/')[0]).Distinct().Order(StringComparer.Ordinal).ToArray();
        }
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
                if (buffer.Length + n > MaxBytes) return FileRead.Unavailable($"{relative} is larger than {MaxBytes} bytes");
                buffer.Write(chunk, 0, n);
            }
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            // NUL separates /proc/N/environ; anything else outside text means garbage.
            foreach (byte b in bytes)
                if (b < 0x09 && b != 0) return FileRead.Unavailable($"{relative} is not text");
            return FileRead.Found(System.Text.Encoding.UTF8.GetString(bytes));
        }
    }
}

/// <summary>One file of pasted evidence: its text, and for each of its lines where that line was pasted from.</summary>
/// <param name="Whole">The whole output was pasted (a full `lsmod` with its header), not a grep of it: what it lacks, the host lacks.</param>
internal sealed record PastedFile(string Text, IReadOnlyList<Evidence> Origins, bool Whole = true);
