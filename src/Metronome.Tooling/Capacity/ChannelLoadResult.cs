namespace Metronome.Tooling.Capacity;

/// <param name="PipeRoundTripNs">The same-run floor (<see cref="PipeFloor"/>); null when it could not be measured.</param>
internal sealed record ChannelLoadResult(ChannelLoadOptions Options, long? PipeRoundTripNs, IReadOnlyList<ChannelLoadStep> Steps)
{
    /// <summary>The largest step within the bound, if the steps up to it all were.</summary>
    public ChannelLoadStep? Ceiling
    {
        get
        {
            ChannelLoadStep? ceiling = null;
            foreach (var step in Steps.OrderBy(s => s.Channels))
            {
                if (!step.Within(Options.MaxP99Ns)) break;
                ceiling = step;
            }
            return ceiling;
        }
    }
}
