namespace Metronome.Timing.Sources;

/// <summary>The names of the tick sources: what `--source` takes, what results and JSON say.</summary>
internal static class TickSourceKind
{
    /// <summary>Not a source: the best one that opens here (see <see cref="TickSourceRegistry"/>).</summary>
    public const string Auto = "auto";

    public const string TimerFd = "timerfd";
    public const string Nanosleep = "nanosleep";
    public const string Hybrid = "hybrid";
    public const string Dotnet = "dotnet";
    public const string Dahdi = "dahdi";
}
