namespace Metronome.Fuse;

/// <summary>The FUSE requests this server answers or must know to ignore (linux/fuse.h, enum fuse_opcode).</summary>
public enum FuseOpcode : uint
{
    Lookup = 1,
    Forget = 2,
    GetAttr = 3,
    SetAttr = 4,
    Open = 14,
    Read = 15,
    Write = 16,
    StatFs = 17,
    Release = 18,
    Fsync = 20,
    GetXattr = 22,
    ListXattr = 23,
    Flush = 25,
    Init = 26,
    OpenDir = 27,
    ReadDir = 28,
    ReleaseDir = 29,
    Access = 34,
    Interrupt = 36,
    Destroy = 38,
    Ioctl = 39,
    Poll = 40,
    BatchForget = 42,
}
