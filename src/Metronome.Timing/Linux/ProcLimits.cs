using System.Globalization;

namespace Metronome.Timing.Linux;

/// <summary>The one reader of /proc/PID/limits: a row's soft limit, as the kernel prints it.</summary>
internal static class ProcLimits
{
    /// <summary>The soft limit of row <paramref name="name"/> ("Max open files"): a number or "unlimited"; null when the row is missing or garbled.</summary>
    public static string? Soft(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
            string? soft = line[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return soft is "unlimited" || long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? soft : null;
        }
        return null;
    }
}
