using System.CommandLine;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>`--source` and `--spin-us`, shared by every verb that opens a tick source.</summary>
internal static class SourceOptions
{
    /// <summary>`--source NAME`, one of <paramref name="kinds"/> by name, default <paramref name="byDefault"/>; any other name is one line and exit 2.</summary>
    public static Option<string> Source(IReadOnlyList<TickSourceKind> kinds, TickSourceKind byDefault = TickSourceKind.Auto)
    {
        var option = new Option<string>("--source", "-s") { Description = "Tick source: " + TickSourceKinds.List(kinds), DefaultValueFactory = _ => byDefault.Name() };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && !(TickSourceKinds.TryParse(name, out var kind) && kinds.Contains(kind)))
                result.AddError($"unknown source '{name}' (known: {TickSourceKinds.List(kinds)})");
        });
        return option;
    }

    /// <summary>The kind `--source` names, once its validator has passed it (auto for anything else).</summary>
    public static TickSourceKind Kind(string? name) => name is not null && TickSourceKinds.TryParse(name, out var kind) ? kind : TickSourceKind.Auto;

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
