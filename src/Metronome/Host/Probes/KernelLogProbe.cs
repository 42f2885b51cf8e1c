using System.Globalization;
using System.Text.RegularExpressions;

namespace Metronome.Host.Probes;

/// <summary>TSC and timer trouble the kernel logged.</summary>
internal static partial class KernelLogProbe
{
    public static (KernelLogFacts Facts, bool? TscUnstable) Read(KernelLog log, ProbeNotes notes)
    {
        if (log.Lines is null)
        {
            notes.Unknown("kernelLog", log.Problem ?? "no kernel log");
            return (new KernelLogFacts(false, [], null, null), null);
        }
        var unstable = log.Lines
            .Select(l => UnstableClocksource().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        bool tscUnstable = unstable.Contains("tsc") || log.Matching("Marking TSC unstable").Any();
        if (tscUnstable && !unstable.Contains("tsc")) unstable.Add("tsc");
        bool switchFailed = log.Matching("Could not switch to high resolution mode").Any()
                            || log.Matching("could not switch to one-shot mode").Any();
        long? hrtimerMax = log.Lines
            .Select(l => HrtimerInterruptTook().Match(l))
            .Where(m => m.Success)
            .Select(m => (long?)long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Max();
        return (new KernelLogFacts(true, unstable, switchFailed, hrtimerMax), tscUnstable);
    }

    [GeneratedRegex(@"Marking clocksource '([\w-]+)' as unstable")]
    private static partial Regex UnstableClocksource();

    [GeneratedRegex(@"hrtimer: interrupt took (\d{1,15}) ns")]
    private static partial Regex HrtimerInterruptTook();
}
