namespace Metronome.Host;

/// <summary>ready | caveats | unsuitable, from the findings (rules in docs/doctor.md).</summary>
public static class Verdict
{
    public const string Ready = "ready", Caveats = "caveats", Unsuitable = "unsuitable";

    /// <summary>The findings whose being unknown leaves the host unproven: the verdict is then at best caveats.</summary>
    private static readonly string[] Essential = ["clocksource", "high-resolution"];

    public static string From(IReadOnlyList<Finding> findings)
    {
        if (findings.Any(f => f.Status == Finding.Fail)) return Unsuitable;
        bool unproven = findings.Any(f => f.Status == Finding.Unknown && Essential.Contains(f.Id))
                        && !findings.Any(f => f.Id == "measurement" && f.Status == Finding.Ok);
        return findings.Any(f => f.Status == Finding.Warn) || unproven ? Caveats : Ready;
    }
}
