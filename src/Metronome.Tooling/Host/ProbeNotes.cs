using Metronome.Tooling.Host.Facts;

namespace Metronome.Tooling.Host;

/// <summary>Why each unknown fact is unknown, and where each known one was read (or by which rule it was derived).</summary>
internal sealed class ProbeNotes
{
    private readonly Dictionary<FactKey, string> _unknown = [];
    private readonly Dictionary<FactKey, Evidence> _evidence = [];
    private readonly Dictionary<FactKey, DerivationRule> _derived = [];

    public IReadOnlyDictionary<FactKey, string> Unknowns => _unknown;

    public IReadOnlyDictionary<FactKey, Evidence> Evidence => _evidence;

    /// <summary>The facts a rule derived, with the rule (docs/doctor.md, "Derivations").</summary>
    public IReadOnlyDictionary<FactKey, DerivationRule> Derived => _derived;

    public void Unknown(FactKey fact, string reason) => _unknown.TryAdd(fact, reason);

    /// <summary>Records where <paramref name="fact"/> was read; a later record replaces an earlier one (a probe records the source it settled on last).</summary>
    public void Saw(FactKey fact, Evidence? evidence)
    {
        if (evidence is null) return;
        _evidence[fact] = evidence;
        _derived.Remove(fact);
    }

    /// <summary>Records that <paramref name="rule"/> settled <paramref name="fact"/> from the premise read at <paramref name="premise"/>.</summary>
    public void Derive(FactKey fact, DerivationRule rule, Evidence premise)
    {
        _evidence[fact] = premise;
        _derived[fact] = rule;
        _unknown.Remove(fact);
    }

    /// <summary>Returns <paramref name="value"/>; when it is null, records <paramref name="reason"/> for <paramref name="fact"/>.</summary>
    public T? Note<T>(FactKey fact, T? value, string? reason) where T : class
    {
        if (value is null) Unknown(fact, reason ?? "not found");
        return value;
    }

    public T? NoteValue<T>(FactKey fact, T? value, string? reason) where T : struct
    {
        if (value is null) Unknown(fact, reason ?? "not found");
        return value;
    }
}
