using System.Text;
using Metronome.Timing.Linux;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>
/// Steal since boot, from a pasted /proc/stat's aggregate "cpu" line. A live host (and the snapshot it collects) has
/// the steal of the measuring window instead, which says what happens now.
/// </summary>
internal static class StealProbe
{
    internal const string StatFile = "proc/stat";

    /// <summary>
    /// steal / (user + nice + system + idle + iowait + irq + softirq + steal) of the "cpu" line (guest time is already
    /// counted in user): the share of the host's uptime the hypervisor ran something else. Null without the line.
    /// </summary>
    public static double? SinceBoot(HostRoot root, ProbeNotes notes)
    {
        if (!root.IsPasted) return null;
        var read = root.Read(StatFile);
        if (!read.Ok) return null;
        var lines = read.Text!.Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith("cpu ", StringComparison.Ordinal));
        // The one /proc/stat parser reads whole lines only: give it the pasted line as one.
        if (index < 0 || ProcStat.Aggregate(Encoding.ASCII.GetBytes(lines[index].TrimEnd('\r') + "\n")) is not { Total: > 0 } times) return null;
        notes.Saw(FactKey.StealSinceBootPercent, root.EvidenceOf(StatFile, index, lines[index]));
        return 100.0 * times.Steal / times.Total;
    }
}
