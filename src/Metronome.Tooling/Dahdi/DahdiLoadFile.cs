using System.Globalization;
using System.Text;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// Where the serving process keeps its <see cref="DahdiLoadReport"/>: /run/metronome/MOUNT.load, MOUNT the
/// mount point escaped as systemd escapes a path (/dev/dahdi: dev-dahdi.load), so that each mount has its
/// own and the doctor knows where /dev/dahdi's is. Written whole or not at all (a new file renamed over the
/// old), and removed when serving stops, so that a report is never a half-written or a stopped server's one.
/// </summary>
internal sealed class DahdiLoadFile(string path)
{
    public const string Directory = "/run/metronome";

    public string Path { get; } = path;

    public static DahdiLoadFile For(string mountPoint, string directory = Directory) =>
        new(System.IO.Path.Combine(directory, Name(mountPoint)));

    /// <summary>The file's name for <paramref name="mountPoint"/>: "/dev/dahdi" gives "dev-dahdi.load".</summary>
    public static string Name(string mountPoint)
    {
        // systemd-escape --path: slashes become dashes, and a dash (or any byte outside [A-Za-z0-9:_.]) \xNN.
        var name = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(mountPoint.Trim('/')))
        {
            bool plain = char.IsAsciiLetterOrDigit((char)b) || b is (byte)':' or (byte)'_' || (b == '.' && name.Length > 0);
            if (b == '/') name.Append('-');
            else if (plain) name.Append((char)b);
            else name.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
        }
        return name.Append(".load").ToString();
    }

    /// <exception cref="IOException">The directory or the file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">Not allowed to write there.</exception>
    public void Write(DahdiLoadReport report)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        string temporary = Path + ".new";
        File.WriteAllText(temporary, report.Format());
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Removes the report, if any; never throws.</summary>
    public void Remove()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing to do: a report left behind names a process that is gone, and the doctor sees that.
        }
    }
}
