using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;

namespace Metronome.Tooling.Host;

/// <summary>Opens a snapshot given as a directory or as the .tar.gz that --collect writes.</summary>
internal static class SnapshotArchive
{
    /// <summary>An archive whose entries add up to more than this is refused before anything is written (a collected snapshot is well under 1 MiB).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>An archive with more entries than this is refused before anything is written.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>The directory to inspect; a .tar.gz is checked against the limits, then extracted into a fresh temporary directory.</summary>
    public static string Open(string path, out string? temporary)
    {
        temporary = null;
        if (Directory.Exists(path)) return path;
        if (!File.Exists(path)) throw new FileNotFoundException($"no snapshot at {path}");
        try
        {
            CheckLimits(path);
            temporary = Directory.CreateTempSubdirectory("metronome-snapshot-").FullName;
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            TarFile.ExtractToDirectory(gzip, temporary, overwriteFiles: true);
            return temporary;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            if (temporary is not null) Directory.Delete(temporary, recursive: true);
            temporary = null;
            if (e.Data.Contains(Refused)) throw;
            throw new InvalidDataException($"{path} is not a snapshot directory or .tar.gz: {e.Message}");
        }
    }

    private const string Refused = "metronome.refused";

    /// <summary>An archive over the limits: its message is the one line the CLI prints.</summary>
    private static InvalidDataException Refuse(string message)
    {
        var e = new InvalidDataException(message);
        e.Data[Refused] = true;
        return e;
    }

    /// <summary>Reads the entry headers only (sizes come from them, so a bomb's data is never expanded past the limit).</summary>
    private static void CheckLimits(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        long bytes = 0;
        int entries = 0;
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            entries++;
            bytes += Math.Max(0, entry.Length);
            if (entries > MaxEntries)
                throw Refuse($"{path}: refused: more than {MaxEntries.ToString("N0", CultureInfo.InvariantCulture)} files (a snapshot holds a few hundred)");
            if (bytes > MaxBytes)
                throw Refuse($"{path}: refused: its files add up to more than {MaxBytes >> 20} MiB (a snapshot is well under 1 MiB)");
        }
    }
}
