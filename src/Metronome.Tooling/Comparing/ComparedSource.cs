using Metronome.Timing.Sources;

namespace Metronome.Tooling.Comparing;

/// <summary>
/// One source `compare` runs: a kind on one tick thread, or its redundant form, one tick thread on every
/// CPU the process may use, named "kind@all" (for the kinds that have one: <see cref="TickGroup.RedundantKinds"/>).
/// </summary>
internal readonly record struct ComparedSource(TickSourceKind Kind, bool OnAllCpus = false)
{
    private const string AllCpusSuffix = "@all";

    /// <summary>"nanosleep", "nanosleep@all": what `--sources` takes and the comparison's rows say.</summary>
    public string Name => OnAllCpus ? Kind.Name() + AllCpusSuffix : Kind.Name();

    /// <summary>A source named as <see cref="Name"/> writes it, never auto; false for any other text.</summary>
    public static bool TryParse(string name, out ComparedSource source)
    {
        bool onAll = name.EndsWith(AllCpusSuffix, StringComparison.Ordinal);
        source = default;
        if (!TickSourceKinds.TryParse(onAll ? name[..^AllCpusSuffix.Length] : name, out var kind) || kind == TickSourceKind.Auto
            || (onAll && !TickGroup.RedundantKinds.Contains(kind))) return false;
        source = new ComparedSource(kind, onAll);
        return true;
    }

    public override string ToString() => Name;
}
