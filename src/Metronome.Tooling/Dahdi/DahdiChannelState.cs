using System.Runtime.InteropServices;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// What a serving process that takes over needs of one open channel: its handle (the kernel keeps
/// using it), its kind and what its ioctls set. <see cref="AtNs"/> is when the position and the block
/// fill were true (CLOCK_MONOTONIC): the next server applies the ticks that passed since.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DahdiChannelState
{
    public ulong Handle;
    public DahdiChannelKind Kind;
    public int PeriodSamples;
    public int PositionSamples;
    public int Tripped;
    public int Ping;
    public int BlockSize;
    public int HasPoll;
    public int Reserved;
    /// <summary>The kernel's handle of a poll waiting for a notification (with <see cref="HasPoll"/>).</summary>
    public ulong PollHandle;
    public long AtNs;
}
