namespace Metronome.Tooling.Host;

/// <summary>Why each unknown fact is unknown, and where each known one was read, keyed by the fact's name.</summary>
internal sealed class ProbeNotes
{
    private readonly Dictionary<string, string> _unknown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Evidence> _evidence = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Unknowns => _unknown;

    /// <summary>Keyed by the names of docs/doctor.md's fact table (<see cref="FactSheet"/>).</summary>
    public IReadOnlyDictionary<string, Evidence> Evidence => _evidence;

    public void Unknown(string fact, string reason) => _unknown.TryAdd(fact, reason);

    /// <summary>Records where <paramref name="fact"/> was read; a later record replaces an earlier one (a probe records the source it settled on last).</summary>
    public void Saw(string fact, Evidence? evidence)
    {
        if (evidence is not null) _evidence[fact] = evidence;
    }

    /// <summary>Returns <paramref name="value"/>; when it is null, records <paramref name="reason"/> for <paramref name="fact"/>.</summary>
    public T? Note<T>(string fact, T? value, string? reason) where T : class
    {
        if (value is null) Unknown(fact, reason ?? "not found");
        return value;
    }

    public T? NoteValue<T>(string fact, T? value, string? reason) where T : struct
    {
        if (value is null) Unknown(fact, reason ?? "not found");
        return value;
    }
}
