using Metronome.Timing.Linux;
using Metronome.Timing.Sources;
using Metronome.Tooling.Measuring;

namespace Metronome.Cli.Commands;

/// <summary>`--source auto` without --cpu: probe the host and tick from one thread or one per CPU (<see cref="AutoRedundancy"/>).</summary>
internal static class AutoCpus
{
    /// <summary>
    /// The CPUs to tick from and auto's choice: <paramref name="cpus"/> as given, unless the source is auto
    /// and none were given; then the probe decides (2 s; throws <see cref="TickSourceException"/> as opening would).
    /// </summary>
    public static (IReadOnlyList<int>? Cpus, AutoChoice? Choice) Resolve(TickSourceKind source, IReadOnlyList<int>? cpus, TickSourceOptions options, RealtimeRequest realtime)
    {
        if (source != TickSourceKind.Auto || cpus is not null) return (cpus, null);
        var choice = AutoRedundancy.Probe(options, realtime);
        return (choice.Cpus, choice);
    }
}
