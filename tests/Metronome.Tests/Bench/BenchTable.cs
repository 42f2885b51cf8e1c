using System.Globalization;
using System.Text.RegularExpressions;

namespace Metronome.Tests.Bench;

/// <summary>
/// What a bench/results table must say about where and when it was measured (bench/README.md): one
/// "## Machine: &lt;type&gt;" section per machine type, each opening with the Host:, Load average: and Date:
/// lines of bench/lib/header.sh. A table measured with BENCH_FORCE=1 on a busy machine is allowed, but it
/// must carry the "**Measured on a busy machine**" stamp; where the recorded load before the run is above
/// the recorded limit, a section without the stamp was not measured through the guard and is refused.
/// </summary>
internal static partial class BenchTable
{
    public const string BusyStamp = "**Measured on a busy machine**";

    /// <summary>What the table lacks, one line each; empty when it carries everything.</summary>
    public static IReadOnlyList<string> Problems(string markdown)
    {
        var problems = new List<string>();
        string body = markdown.Split("<!-- reading -->")[0];
        var sections = MachineHeading().Matches(body);
        if (sections.Count == 0)
        {
            problems.Add("no '## Machine: <type>' section with the Host:, Load average: and Date: lines (measured before the bench header: re-measure it)");
            return problems;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < sections.Count; i++)
        {
            string type = sections[i].Groups[1].Value.Trim();
            int end = i + 1 < sections.Count ? sections[i + 1].Index : body.Length;
            if (!seen.Add(type)) problems.Add($"{type}: a second section for the same machine type");
            problems.AddRange(SectionProblems(type, body[sections[i].Index..end]).Select(p => $"{type}: {p}"));
        }
        return problems;
    }

    private static IEnumerable<string> SectionProblems(string type, string section)
    {
        var host = HostLine().Match(section);
        if (!host.Success) yield return "no 'Host: <hypervisor line>; clocksource C; kernel K; N vCPU' line";
        else if (!type.EndsWith($", {host.Groups[1].Value} clocksource", StringComparison.Ordinal))
            yield return $"the heading does not name the host line's clocksource {host.Groups[1].Value}";
        var load = LoadLine().Match(section);
        if (!load.Success) yield return "no 'Load average: before X, after Y (1 min; limit L)' line";
        else if (Number(load.Groups[1].Value) > Number(load.Groups[3].Value) && !section.Contains(BusyStamp, StringComparison.Ordinal))
            yield return $"load average {load.Groups[1].Value} before the run is above the limit {load.Groups[3].Value}, and there is no '{BusyStamp}' stamp";
        if (!DateLine().IsMatch(section)) yield return "no 'Date: <start> to <end> (UTC)' line";
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^## Machine: (.+)$", RegexOptions.Multiline)]
    private static partial Regex MachineHeading();

    [GeneratedRegex(@"^Host: .+; clocksource (\S+); kernel \S+; \d+ vCPU\\?$", RegexOptions.Multiline)]
    private static partial Regex HostLine();

    [GeneratedRegex(@"^Load average: before (\d+(?:\.\d+)?), after (\d+(?:\.\d+)?) \(1 min; limit (\d+(?:\.\d+)?)\)\\?$", RegexOptions.Multiline)]
    private static partial Regex LoadLine();

    [GeneratedRegex(@"^Date: \d{4}-\d\d-\d\dT\d\d:\d\dZ to \d{4}-\d\d-\d\dT\d\d:\d\dZ \(UTC\)$", RegexOptions.Multiline)]
    private static partial Regex DateLine();
}
