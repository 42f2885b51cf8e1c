namespace Metronome.Tooling.Dahdi;

/// <summary>What the served devices hold right now.</summary>
/// <param name="LostBlocks">Blocks dropped because a pseudo reader fell more than two blocks behind, since start.</param>
internal readonly record struct DahdiStatus(int PseudoChannels, int TimerChannels, long LostBlocks)
{
    public int Channels => PseudoChannels + TimerChannels;
}
