namespace Metronome.Tooling.Host;

/// <summary>
/// The facts of a host; for every fact that is null or "unknown", why; for every fact that is known,
/// where it was read (<see cref="Evidence"/>, keyed by the names of <see cref="FactSheet"/>).
/// </summary>
internal sealed record HostInspection(HostFacts Facts, IReadOnlyDictionary<string, string> Unknowns)
{
    public IReadOnlyDictionary<string, Evidence> Evidence { get; init; } = new Dictionary<string, Evidence>();

    /// <summary>What was inspected, for the report: "this host", "host pbx-3, collected 2026-11-20 14:02 UTC", "pasted evidence (dmesg.txt)".</summary>
    public string Subject { get; init; } = "this host";

    /// <summary>False for pasted evidence and hand-made snapshots: what they lack is unknown, not absent.</summary>
    public bool Complete { get; init; } = true;
}
