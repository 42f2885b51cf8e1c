using System.Globalization;
using Metronome.Tooling.Host;

namespace Metronome.Cli.Output;

/// <summary>
/// The doctor's console report: the verdict first, one line about the host, then the findings grouped
/// fail, warn, unknown, ok; problems carry why and the fix, the rest one line each. CANNOT TELL lists
/// what to paste next.
/// </summary>
internal static class DoctorReportWriter
{
    private const string Reset = "\e[0m";

    public static void Write(TextWriter o, DoctorVerdict verdict, IReadOnlyList<Finding> findings, HostInspection inspection, bool colour)
    {
        string Paint(string text, string code) => colour ? $"\e[{code}m{text}{Reset}" : text;

        string subject = inspection.Subject;
        o.WriteLine(verdict switch
        {
            DoctorVerdict.Ready => Paint(verdict.Headline(), "1;32") + $": {subject} can keep a 1 kHz telephony timing source.",
            DoctorVerdict.Caveats => Paint(verdict.Headline(), "1;33") + $": {subject} can keep a 1 kHz telephony timing source; see the warnings.",
            DoctorVerdict.CannotTell => Paint(verdict.Headline(), "1;35") + $": {subject} does not show whether a 1 kHz telephony timing source can be kept; paste what is listed below.",
            _ => Paint(verdict.Headline(), "1;31") + $": {subject} cannot keep a 1 kHz telephony timing source until the failures are fixed.",
        });
        o.WriteLine($"Host: {Describe(inspection.Facts)}");
        if (verdict == DoctorVerdict.CannotTell)
        {
            o.WriteLine();
            o.WriteLine(Paint("Paste next (run on the host, then doctor --from the outputs):", "35"));
            foreach (var command in Verdict.WhatToPaste(findings)) o.WriteLine($"  {command}");
        }
        foreach (var (status, title, code) in new[]
                 {
                     (FindingStatus.Fail, "Failures", "31"), (FindingStatus.Warn, "Warnings", "33"),
                     (FindingStatus.Unknown, "Unknown", "36"), (FindingStatus.Ok, "OK", "32"),
                 })
        {
            var group = findings.Where(f => f.Status == status).ToList();
            if (group.Count == 0) continue;
            o.WriteLine();
            o.WriteLine(Paint($"{title}:", code));
            foreach (var f in group)
            {
                o.WriteLine($"  {Paint(f.Status.Name().PadRight(7), code)} {f.Id}: {f.Observed}");
                if (status is FindingStatus.Ok) continue;
                o.WriteLine($"          why: {f.Why}");
                if (f.Fix is not null) o.WriteLine($"          fix: {f.Fix}");
            }
        }
    }

    private static string Describe(HostFacts h)
    {
        var parts = new List<string>
        {
            h.Virtualization switch { "none" => "bare metal", "unknown" => "virtualisation unknown", var v => $"{v} guest" },
        };
        if (h.Container is { } c && c != "none") parts.Add($"in a {c} container");
        parts.Add($"kernel {h.Kernel.Release ?? "unknown"}");
        parts.Add($"clocksource {h.Clocksource.Current ?? "unknown"}");
        parts.Add(h.HighResolution.Active switch { true => "high-resolution timers on", false => "high-resolution timers OFF", null => "high-resolution unknown" });
        parts.Add(h.Hz is { } hz ? string.Create(CultureInfo.InvariantCulture, $"HZ {hz}") : "HZ unknown");
        parts.Add($"preemption {h.Preemption ?? "unknown"}");
        return string.Join(", ", parts);
    }
}
