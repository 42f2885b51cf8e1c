using Metronome.Tooling.Capacity;

namespace Metronome.Cli.Output;

/// <summary>The `metronome dahdi-load --json` document; docs/json.md is its schema.</summary>
internal sealed record ChannelLoadDocument(string Device, int RateHz, int SecondsPerStep, int RequestsPerRoundTrip,
    long MaxP99Ns, long? PipeRoundTripNs, int? ServerPid, IReadOnlyList<ChannelLoadStepDocument> Steps, int? CeilingChannels)
    : ResultDocument(CurrentSchemaVersion)
{
    public const int CurrentSchemaVersion = 1;

    public static ChannelLoadDocument From(RunContext context, ChannelLoadResult result) =>
        new(result.Options.Device, result.Options.RateHz, result.Options.Seconds, ChannelLoadOptions.RequestsPerRoundTrip,
            result.Options.MaxP99Ns, result.PipeRoundTripNs, result.Options.ServerPid,
            [.. result.Steps.Select(s => new ChannelLoadStepDocument(s.Channels, s.Asked, s.Done, s.Errors, s.FirstError, s.P50Ns, s.P99Ns, s.MaxNs,
                s.ServerCpuPercent, s.CpuPerRequestNs, s.Within(result.Options.MaxP99Ns)))],
            result.Ceiling?.Channels) { Context = context };
}

internal sealed record ChannelLoadStepDocument(int Channels, long Asked, long Done, long Errors, string? FirstError,
    long P50Ns, long P99Ns, long MaxNs, double? ServerCpuPercent, double? ServerCpuPerRequestNs, bool WithinBound);
