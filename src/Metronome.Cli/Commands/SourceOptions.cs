using System.CommandLine;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>`--source` and `--spin-us`, shared by every verb that opens a tick source.</summary>
internal static class SourceOptions
{
    /// <summary>`--source NAME`, one of <paramref name="names"/>, default auto.</summary>
    public static Option<string> Source(IReadOnlyList<string> names) =>
        new Option<string>("--source", "-s") { Description = "Tick source: " + string.Join(", ", names), DefaultValueFactory = _ => TickSourceRegistry.Auto }
            .OneOf(names);

    /// <summary>`--spin-us N`: the hybrid source's spin window, with TickSourceOptions' default.</summary>
    public static Option<int> SpinUs() =>
        new Option<int>("--spin-us") { Description = "hybrid source: spin this many microseconds before each deadline.", DefaultValueFactory = _ => new TickSourceOptions().SpinUs }
            .InRange(0, 100_000);

    /// <summary>`--standby-us N`: with --cpu LIST, how much later than the primary the other tick threads sleep.</summary>
    public static Option<int> StandbyUs() =>
        new Option<int>("--standby-us")
        {
            Description = "With several tick threads (--cpu LIST; compare's @all rows): all but the first sleep this many microseconds past each deadline and deliver only a tick still unclaimed (0: all race).",
            DefaultValueFactory = _ => TickGroup.DefaultStandbyUs,
        }.InRange(0, 100_000);
}
