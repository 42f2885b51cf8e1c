using System.Globalization;
using Metronome.Tooling.Comparing;
using Metronome.Timing.Linux;

namespace Metronome.Cli.Output;

/// <summary>The `metronome compare` table: one row a source, best first, peers last, then the recommendation.</summary>
internal static class ComparisonTableWriter
{
    private const int MinSourceWidth = 11;

    public static void Write(TextWriter o, ComparisonResult r)
    {
        var c = CultureInfo.InvariantCulture;
        string load = r.Load is null ? "no load" : $"load {r.Load}";
        o.WriteLine(string.Format(c, "Compared at {0} Hz, {1} round{2} of {3:0.#} s per source ({4}), {5}; host CPU busy {6}, steal {7}",
            r.Rate, r.Rounds, r.Rounds == 1 ? "" : "s", r.SecondsPerRun, r.Policy.Name(), load, PercentText.Format(r.HostBusyPercent, "F1"), PercentText.Format(r.StealPercent, "F2")));
        o.WriteLine();
        // The source column is as wide as its longest name (nanosleep@all is longer than the usual 11).
        int width = r.Rows.Select(row => row.Name.Length).Append(MinSourceWidth).Max();
        o.WriteLine(string.Format(c, "{0,-4} {1} {2,7} {3,7} {4,9} {5,8} {6,7} {7,10} {8,11} {9,6} {10,7}",
            "rank", "source".PadRight(width), "p50 us", "p99 us", "p99.9 us", "max us", "missed", "dahdi avg", "dahdi worst", "CPU %", "bytes"));
        foreach (var row in r.Rows)
        {
            if (row.Error is not null && row.Rounds == 0)
            {
                o.WriteLine($"{"-",-4} {row.Name.PadRight(width)} {row.Error}");
                continue;
            }
            o.WriteLine(string.Format(c, "{0,-4} {1} {2,7} {3,7} {4,9} {5,8} {6,7} {7,10} {8,11} {9,6:F2} {10,7}",
                row.Rank?.ToString(c) ?? (row.IsPeer ? "peer" : "-"), row.Name.PadRight(width), row.P50Ns / 1000, row.P99Ns / 1000, row.P999Ns / 1000, row.MaxNs / 1000,
                row.MissedTicks?.ToString(c) ?? "n/a", row.DahdiAverage?.ToString("F4", c) ?? "n/a", row.DahdiWorst?.ToString("F3", c) ?? "n/a",
                row.CpuPercent, row.AllocatedBytes?.ToString(c) ?? "n/a"));
            if (row.Error is not null) o.WriteLine($"     {row.Name} stopped: {row.Error}");
        }
        o.WriteLine();
        o.WriteLine($"Recommendation: {r.Recommendation}.");
        foreach (var note in r.Notes) o.WriteLine($"Note: {note}.");
    }
}
