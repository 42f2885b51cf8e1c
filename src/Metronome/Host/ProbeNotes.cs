namespace Metronome.Host;

/// <summary>Why each unknown fact is unknown, keyed by the fact's name.</summary>
public sealed class ProbeNotes
{
    private readonly Dictionary<string, string> _unknown = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Unknowns => _unknown;

    public void Unknown(string fact, string reason) => _unknown.TryAdd(fact, reason);

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
