using System.Globalization;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Capacity;

/// <summary>Another process's CPU time so far, from /proc/PID/stat (utime + stime, in clock ticks of 10 ms).</summary>
internal static class ProcessCpu
{
    /// <summary>
    /// CPU seconds used by process <paramref name="pid"/> and its living descendants (`metronome dahdi` is a
    /// keeper whose serving process, and that one's metrics exporter, do the work); null once it is gone.
    /// </summary>
    public static double? Seconds(int pid, string proc = "/proc")
    {
        if (Own(pid, proc) is not { } seconds) return null;
        foreach (int child in Children(pid, proc)) seconds += Seconds(child, proc) ?? 0;
        return seconds;
    }

    private static double? Own(int pid, string proc)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            return ProcessStat.Parse(stat)?.CpuSeconds;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The children of every thread of <paramref name="pid"/> (/proc/PID/task/TID/children).</summary>
    private static List<int> Children(int pid, string proc)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories(Path.Combine(proc, pid.ToString(CultureInfo.InvariantCulture), "task")))
            {
                string list = File.ReadAllText(Path.Combine(task, "children"));
                foreach (var word in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out int child)) children.Add(child);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or no task list: its own time is what there is.
        }
        return children;
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
            // The serving process (started by the keeper with --serve-fds) is counted with its keeper.
            if (!IsDahdiServer(args) || args.Contains("--serve-fds")) continue;
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
