using System.Globalization;

namespace Metronome.Cli.Commands;

/// <summary>What a serving process inherits from the keeper: the /dev/fuse descriptors (one per request thread) and the state page's.</summary>
internal sealed record Handover(IReadOnlyList<int> FuseFds, int StateFd)
{
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
