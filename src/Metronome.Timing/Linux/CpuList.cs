using System.Globalization;

namespace Metronome.Timing.Linux;

/// <summary>
/// `--cpu LIST`: one CPU (<c>2</c>), a list and ranges (<c>0,1</c>, <c>0-3,6</c>) in the kernel's cpulist
/// syntax, or <c>all</c>: every CPU this process may run on (its affinity mask, which cgroups and
/// taskset narrow). The order is kept: the first CPU listed is the primary tick thread's.
/// </summary>
internal static class CpuList
{
    public const string All = "all";
    /// <summary>The CPUs an affinity mask here covers (0..MaxCpus − 1).</summary>
    public const int MaxCpus = 1024;

    /// <summary>Parses a list; null and a one-line reason when it is not one (the CLI's exit 2).</summary>
    public static IReadOnlyList<int>? TryParse(string text, out string? error)
    {
        error = null;
        if (string.Equals(text.Trim(), All, StringComparison.Ordinal))
        {
            var allowed = Allowed();
            if (allowed.Count > 0) return allowed;
            error = "--cpu all: cannot read this process's CPU affinity";
            return null;
        }
        var cpus = new List<int>();
        foreach (string part in text.Split(','))
        {
            string item = part.Trim();
            int dash = item.IndexOf('-');
            int to = 0;
            bool valid = dash > 0
                ? Number(item[..dash], out int from) && Number(item[(dash + 1)..], out to) && from <= to
                : Number(item, out from);
            if (dash <= 0) to = from;
            if (!valid)
            {
                error = $"--cpu takes a CPU number 0..{MaxCpus - 1}, a list such as 0,1 or 0-3, or all (got '{text}')";
                return null;
            }
            for (int c = from; c <= to; c++)
            {
                if (cpus.Contains(c))
                {
                    // A CPU named twice is a typo, not a wish for two threads there.
                    error = $"--cpu {text} lists CPU {c} twice";
                    return null;
                }
                cpus.Add(c);
            }
        }
        return cpus;
    }

    private static bool Number(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < MaxCpus;

    /// <summary>The CPUs this process may run on (sched_getaffinity), lowest first; empty if unreadable.</summary>
    public static unsafe IReadOnlyList<int> Allowed()
    {
        var mask = stackalloc ulong[MaxCpus / 64];
        if (LibC.SchedGetAffinity(0, MaxCpus / 8, mask) < 0) return [];
        var cpus = new List<int>();
        for (int c = 0; c < MaxCpus; c++)
            if ((mask[c / 64] & (1UL << (c % 64))) != 0) cpus.Add(c);
        return cpus;
    }

    /// <summary>"0,1" for people and JSON.</summary>
    public static string Format(IEnumerable<int> cpus) => string.Join(",", cpus);
}
