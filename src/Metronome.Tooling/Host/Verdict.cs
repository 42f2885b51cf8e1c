using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host;

/// <summary>The doctor's answer, in rank order: each is worse than the one before (docs/doctor.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DoctorVerdict>))]
internal enum DoctorVerdict
{
    [JsonStringEnumMemberName("ready")] Ready,
    [JsonStringEnumMemberName("caveats")] Caveats,
    /// <summary>The evidence is too thin to judge: the essentials are unknown and nothing measured them.</summary>
    [JsonStringEnumMemberName("cannot-tell")] CannotTell,
    [JsonStringEnumMemberName("unsuitable")] Unsuitable,
}

/// <summary>ready | caveats | cannot-tell | unsuitable, from the findings (rules in docs/doctor.md).</summary>
internal static class Verdict
{
    /// <summary>The findings whose being unknown leaves the host unproven: the verdict is then CANNOT TELL (unless something failed).</summary>
    private static readonly string[] Essential = ["clocksource", "high-resolution"];

    public static DoctorVerdict From(IReadOnlyList<Finding> findings)
    {
        if (findings.Any(f => f.Status == FindingStatus.Fail)) return DoctorVerdict.Unsuitable;
        if (Unproven(findings).Any()) return DoctorVerdict.CannotTell;
        return findings.Any(f => f.Status == FindingStatus.Warn) ? DoctorVerdict.Caveats : DoctorVerdict.Ready;
    }

    /// <summary>What to paste next so that the doctor can tell: the fix of each unknown essential finding (and the kernel log when it is missing).</summary>
    public static IReadOnlyList<string> WhatToPaste(IReadOnlyList<Finding> findings) =>
        Unproven(findings)
            .Concat(findings.Where(f => f.Status == FindingStatus.Unknown && f.Id is "tsc" or "timer-trouble" or "dahdi"))
            .Select(f => f.Fix)
            .OfType<string>()
            .Select(fix => fix.StartsWith(PastePrefix, StringComparison.Ordinal) ? fix[PastePrefix.Length..] : fix)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private const string PastePrefix = "Paste the output of: ";

    private static IEnumerable<Finding> Unproven(IReadOnlyList<Finding> findings) =>
        findings.Any(f => f.Id == "measurement" && f.Status == FindingStatus.Ok)
            ? []
            : findings.Where(f => f.Status == FindingStatus.Unknown && Essential.Contains(f.Id));

    /// <summary>The console's headline word for a verdict.</summary>
    public static string Headline(this DoctorVerdict verdict) => verdict switch
    {
        DoctorVerdict.Ready => "READY",
        DoctorVerdict.Caveats => "USABLE WITH CAVEATS",
        DoctorVerdict.CannotTell => "CANNOT TELL",
        _ => "NOT SUITABLE",
    };

    /// <summary>The JSON and --fail-on word for a verdict.</summary>
    public static string Name(this DoctorVerdict verdict) => verdict switch
    {
        DoctorVerdict.Ready => "ready",
        DoctorVerdict.Caveats => "caveats",
        DoctorVerdict.CannotTell => "cannot-tell",
        _ => "unsuitable",
    };
}
