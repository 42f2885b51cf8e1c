using System.Text;

namespace Metronome.Tooling.Fuse;

/// <summary>Reads /proc/self/mountinfo: what, if anything, is mounted on a directory.</summary>
internal static class MountTable
{
    /// <summary>The type of the topmost mount on <paramref name="mountPoint"/> (e.g. "fuse.metronome"), or null.</summary>
    public static string? TypeAt(string mountPoint) => TypeAt(mountPoint, ReadMountInfo());

    /// <summary>For testing: the same, over the text of a mountinfo file.</summary>
    internal static string? TypeAt(string mountPoint, string mountInfo)
    {
        string? type = null;
        foreach (var line in mountInfo.Split('\n'))
        {
            // id parent major:minor root mount-point options [optional fields] - type source super-options
            var fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 1 >= fields.Length) continue;
            if (Unescape(fields[4]) == mountPoint) type = fields[dash + 1]; // later lines are mounted on top
        }
        return type;
    }

    private static string ReadMountInfo()
    {
        try
        {
            return File.ReadAllText("/proc/self/mountinfo");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field.AsSpan(i + 1, 3)))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else text.Append(field[i]);
        }
        return text.ToString();
    }

    private static bool IsOctal(ReadOnlySpan<char> digits)
    {
        foreach (char c in digits)
            if (c is < '0' or > '7') return false;
        return true;
    }
}
