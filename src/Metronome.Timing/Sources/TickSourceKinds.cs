namespace Metronome.Timing.Sources;

/// <summary>The names of the tick source kinds, as `--source` takes them and results, logs and metric labels say them.</summary>
internal static class TickSourceKinds
{
    public const string AutoName = "auto";
    public const string TimerFdName = "timerfd";
    public const string NanosleepName = "nanosleep";
    public const string HybridName = "hybrid";
    public const string DotnetName = "dotnet";
    public const string DahdiName = "dahdi";

    public static string Name(this TickSourceKind kind) => kind switch
    {
        TickSourceKind.TimerFd => TimerFdName,
        TickSourceKind.Nanosleep => NanosleepName,
        TickSourceKind.Hybrid => HybridName,
        TickSourceKind.Dotnet => DotnetName,
        TickSourceKind.Dahdi => DahdiName,
        _ => AutoName,
    };

    /// <summary>The kind named <paramref name="name"/> (exactly, as <see cref="Name"/> writes it); false for any other text.</summary>
    public static bool TryParse(string name, out TickSourceKind kind)
    {
        foreach (var k in Enum.GetValues<TickSourceKind>())
        {
            if (k.Name() != name) continue;
            kind = k;
            return true;
        }
        kind = default;
        return false;
    }

    /// <summary>"a, b, c": the names of <paramref name="kinds"/> for a message.</summary>
    public static string List(IEnumerable<TickSourceKind> kinds) => string.Join(", ", kinds.Select(Name));
}
