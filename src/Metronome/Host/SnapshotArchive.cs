using System.Formats.Tar;
using System.IO.Compression;

namespace Metronome.Host;

/// <summary>Opens a snapshot given as a directory or as the .tar.gz that --collect writes.</summary>
public static class SnapshotArchive
{
    /// <summary>The directory to inspect; a .tar.gz is extracted into a fresh temporary directory first.</summary>
    public static string Open(string path, out string? temporary)
    {
        temporary = null;
        if (Directory.Exists(path)) return path;
        if (!File.Exists(path)) throw new FileNotFoundException($"no snapshot at {path}");
        temporary = Directory.CreateTempSubdirectory("metronome-snapshot-").FullName;
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            TarFile.ExtractToDirectory(gzip, temporary, overwriteFiles: true);
            return temporary;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            Directory.Delete(temporary, recursive: true);
            temporary = null;
            throw new InvalidDataException($"{path} is not a snapshot directory or .tar.gz: {e.Message}");
        }
    }
}
