using System.Globalization;

namespace Metronome.Tooling.Capacity;

/// <summary>Another process's CPU time so far, from /proc/PID/stat (utime + stime, in clock ticks of 10 ms).</summary>
internal static class ProcessCpu
{
    private const double SecondsPerTick = 0.01; // USER_HZ is 100 on every Linux architecture

    /// <summary>CPU seconds used by process <paramref name="pid"/>; null once it is gone.</summary>
    public static double? Seconds(int pid, string proc = "/proc")
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out long system)
            ? (user + system) * SecondsPerTick
            : null;
    }

    /// <summary>
    /// The `metronome dahdi` process serving the devices: the one process other than this one whose
    /// command line is `metronome dahdi ...`; null when there is none or more than one.
    /// </summary>
    public static int? FindDahdiServer(string proc = "/proc")
    {
        int? found = null;
        foreach (var dir in Directory.EnumerateDirectories(proc))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!IsDahdiServer(args)) continue;
            if (found is not null) return null;
            found = pid;
        }
        return found;
    }

    /// <summary>`metronome dahdi ...` (the native binary, or the CLI's assembly under dotnet).</summary>
    public static bool IsDahdiServer(IReadOnlyList<string> args)
    {
        int verb = args.Count > 1 && Path.GetFileName(args[0]) is "dotnet" ? 2 : 1;
        if (args.Count <= verb) return false;
        string program = Path.GetFileName(args[verb - 1]);
        return program is "metronome" or "Metronome.Cli" or "Metronome.Cli.dll" && args[verb] == "dahdi";
    }
}
