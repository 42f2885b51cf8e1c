using Metronome.Timing.Linux;

namespace Metronome.Cli.Commands;

/// <summary>
/// --cpu may name only CPUs this process may run on (online, and in its affinity mask, which cgroups and
/// taskset narrow): pinning to any other fails, and a run that said "on CPUs 0,99" would not be on 99.
/// </summary>
internal static class CpuAvailability
{
    /// <summary>One line naming the CPUs of <paramref name="cpus"/> outside <paramref name="allowed"/>; null when all are in it, or when the affinity could not be read (empty).</summary>
    public static string? Problem(string text, IReadOnlyList<int> cpus, IReadOnlyList<int> allowed)
    {
        if (allowed.Count == 0) return null;
        var missing = cpus.Where(c => !allowed.Contains(c)).ToList();
        if (missing.Count == 0) return null;
        string which = missing.Count == 1 ? $"CPU {missing[0]} is" : $"CPUs {CpuList.Format(missing)} are";
        return $"--cpu {text}: {which} not online or not allowed here (allowed: {CpuList.Format(allowed)})";
    }
}
