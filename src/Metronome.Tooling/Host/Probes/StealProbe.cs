using System.Globalization;
using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host.Probes;

/// <summary>
/// Steal since boot, from a pasted /proc/stat's aggregate "cpu" line. A live host (and the snapshot it collects) has
/// the steal of the measuring window instead, which says what happens now.
/// </summary>
internal static class StealProbe
{
    internal const string ProcStat = "proc/stat";

    /// <summary>
    /// steal / (user + nice + system + idle + iowait + irq + softirq + steal) of the "cpu" line (guest time is already
    /// counted in user): the share of the host's uptime the hypervisor ran something else. Null without the line.
    /// </summary>
    public static double? SinceBoot(HostRoot root, ProbeNotes notes)
    {
        if (!root.IsPasted) return null;
        var read = root.Read(ProcStat);
        if (!read.Ok) return null;
        var lines = read.Text!.Split('\n');
        int index = Array.FindIndex(lines, l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (index < 0) return null;
        var fields = lines[index].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : -1).ToArray();
        if (fields.Length < 8 || fields.Any(v => v < 0)) return null;
        long total = fields.Sum();
        if (total <= 0) return null;
        notes.Saw(FactKey.StealSinceBootPercent, root.EvidenceOf(ProcStat, index, lines[index]));
        return 100.0 * fields[7] / total;
    }
}
