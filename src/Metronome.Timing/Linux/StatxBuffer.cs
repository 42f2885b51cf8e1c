using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>struct statx (256 bytes); only the file type and mode are read (stx_mode at offset 28).</summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
internal struct StatxBuffer
{
    public uint Mask;
    public uint BlockSize;
    public ulong Attributes;
    public uint Links;
    public uint Uid;
    public uint Gid;
    public ushort Mode;
}
