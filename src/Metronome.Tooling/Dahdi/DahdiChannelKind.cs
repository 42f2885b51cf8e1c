namespace Metronome.Tooling.Dahdi;

/// <summary>Which device an open channel is, as the state page records it (0: a free slot).</summary>
internal enum DahdiChannelKind
{
    None = 0,
    Pseudo = 1,
    Timer = 2,
}
