using System.Globalization;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Comparing;

/// <summary>
/// The ranking rule (docs/compare.md): sources that ran are ordered by p99 lateness, then p99.9, then
/// CPU; peers are shown but not ranked. The recommendation is the best-ranked source that costs at most
/// <see cref="CheapCpuPercent"/> of a core; when a dearer source ranks above it, the line says what
/// that one buys and for how much CPU. The .NET baseline is never recommended.
/// </summary>
internal static class ComparisonRanking
{
    public const double CheapCpuPercent = 5.0;

    public static IReadOnlyList<ComparisonRow> Rank(IEnumerable<ComparisonRow> rows)
    {
        var all = rows.ToList();
        var ranked = all.Where(r => !r.IsPeer && r.Error is null)
            .OrderBy(r => r.P99Ns / 1000).ThenBy(r => r.P999Ns / 1000).ThenBy(r => r.CpuPercent)
            .Select((r, i) => r with { Rank = i + 1 })
            .ToList();
        return [.. ranked, .. all.Where(r => r.IsPeer || r.Error is not null)];
    }

    /// <summary>The source the recommendation names, or null when none of ours ran to the end.</summary>
    public static ComparisonRow? Recommended(IReadOnlyList<ComparisonRow> ranked)
    {
        var ours = ranked.Where(r => r.Rank is not null && r.Kind != TickSourceKind.Dotnet).ToList();
        return ours.FirstOrDefault(r => r.CpuPercent <= CheapCpuPercent) ?? ours.FirstOrDefault();
    }

    public static string Recommend(IReadOnlyList<ComparisonRow> ranked)
    {
        var c = CultureInfo.InvariantCulture;
        var ours = ranked.Where(r => r.Rank is not null && r.Kind != TickSourceKind.Dotnet).ToList();
        if (ours.Count == 0) return "no source ran to the end: see the errors above";
        var best = ours[0];
        var pick = Recommended(ranked);
        if (pick!.CpuPercent > CheapCpuPercent)
            return string.Format(c, "use {0} (p99 {1} us), but it costs {2:0.#}% of a core: nothing cheaper held up", best.Name, best.P99Ns / 1000, best.CpuPercent);
        if (pick == best)
            return string.Format(c, "use {0}: the best p99 ({1} us) for {2:0.#}% of a core", pick.Name, pick.P99Ns / 1000, pick.CpuPercent);
        return string.Format(c, "use {0} (p99 {1} us, {2:0.#}% of a core); {3} buys {4} us of p99 for {5:0.#}% of a core",
            pick.Name, pick.P99Ns / 1000, pick.CpuPercent, best.Name, (pick.P99Ns - best.P99Ns) / 1000, best.CpuPercent);
    }
}
