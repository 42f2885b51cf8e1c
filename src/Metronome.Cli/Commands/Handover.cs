using System.Globalization;
using Metronome.Timing.Linux;

namespace Metronome.Cli.Commands;

/// <summary>What a serving process inherits from the keeper: the /dev/fuse descriptors (one per request thread) and the state page's.</summary>
internal sealed record Handover(IReadOnlyList<int> FuseFds, int StateFd)
{
    /// <summary>
    /// Marks the descriptors close-on-exec: the keeper handed them to this process alone, and a child of
    /// ours (the metrics exporter) holding /dev/fuse would keep the connection alive after the keeper,
    /// or hold the channels' state.
    /// </summary>
    public void KeepToThisProcess()
    {
        foreach (int fd in FuseFds.Append(StateFd)) _ = LibC.SetCloseOnExec(fd, true);
    }

    /// <summary>From --serve-fds 3,4 --state-fd 5; null when they are not descriptor numbers.</summary>
    public static Handover? Parse(string fds, int? stateFd)
    {
        var numbers = new List<int>();
        foreach (string part in fds.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int fd) || fd < 3) return null;
            numbers.Add(fd);
        }
        return numbers.Count is > 0 and <= Tooling.Dahdi.DahdiServerOptions.MaxRequestThreads && stateFd is >= 3 ? new Handover(numbers, stateFd.Value) : null;
    }
}
