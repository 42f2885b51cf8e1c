namespace Metronome.Host;

/// <summary>The facts of a host and, for every fact that is null or "unknown", why.</summary>
public sealed record HostInspection(HostFacts Facts, IReadOnlyDictionary<string, string> Unknowns);
