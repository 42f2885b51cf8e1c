using System.Globalization;
using Metronome.Host;

namespace Metronome.Cli.Output;

/// <summary>
/// The doctor's console report: the verdict first, one line about the host, then the findings grouped
/// fail, warn, unknown, ok; problems carry why and the fix, the rest one line each.
/// </summary>
internal static class DoctorReportWriter
{
    private const string Reset = "\e[0m";

    public static void Write(TextWriter o, string verdict, IReadOnlyList<Finding> findings, HostFacts host, bool colour)
    {
        string Paint(string text, string code) => colour ? $"\e[{code}m{text}{Reset}" : text;

        o.WriteLine(verdict switch
        {
            Verdict.Ready => Paint("READY", "1;32") + ": this host can keep a 1 kHz telephony timing source.",
            Verdict.Caveats => Paint("USABLE WITH CAVEATS", "1;33") + ": this host can keep a 1 kHz telephony timing source; see the warnings.",
            _ => Paint("NOT SUITABLE", "1;31") + ": this host cannot keep a 1 kHz telephony timing source until the failures are fixed.",
        });
        o.WriteLine($"Host: {Describe(host)}");
        foreach (var (status, title, code) in new[]
                 {
                     (Finding.Fail, "Failures", "31"), (Finding.Warn, "Warnings", "33"),
                     (Finding.Unknown, "Unknown", "36"), (Finding.Ok, "OK", "32"),
                 })
        {
            var group = findings.Where(f => f.Status == status).ToList();
            if (group.Count == 0) continue;
            o.WriteLine();
            o.WriteLine(Paint($"{title}:", code));
            foreach (var f in group)
            {
                o.WriteLine($"  {Paint(f.Status.PadRight(7), code)} {f.Id}: {f.Observed}");
                if (status is Finding.Ok) continue;
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
