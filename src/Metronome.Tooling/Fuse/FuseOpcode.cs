using System.Runtime.CompilerServices;

namespace Metronome.Tooling.Fuse;

/// <summary>The FUSE requests this server answers or must know to ignore (linux/fuse.h, enum fuse_opcode).</summary>
internal enum FuseOpcode : uint
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

/// <summary>
/// What each request must carry: the size of the fixed struct its body starts with, as go-fuse's
/// fuse/opcode.go lists it. A body shorter than that is refused once, before anything reads it.
/// </summary>
internal static class FuseOpcodes
{
    private static readonly int[] InputSizes = Table();

    /// <summary>The bytes the body of <paramref name="opcode"/> must hold at least (0: no fixed part, or not served).</summary>
    public static int InputSize(FuseOpcode opcode) => (uint)opcode < (uint)InputSizes.Length ? InputSizes[(int)opcode] : 0;

    private static int[] Table()
    {
        var sizes = new int[(int)FuseOpcode.BatchForget + 1];
        sizes[(int)FuseOpcode.Lookup] = 1; // the name's terminating NUL at least
        sizes[(int)FuseOpcode.Forget] = Unsafe.SizeOf<fuse_forget_in>();
        sizes[(int)FuseOpcode.GetAttr] = Unsafe.SizeOf<fuse_getattr_in>();
        sizes[(int)FuseOpcode.SetAttr] = Unsafe.SizeOf<fuse_setattr_in>();
        sizes[(int)FuseOpcode.Open] = Unsafe.SizeOf<fuse_open_in>();
        sizes[(int)FuseOpcode.Read] = Unsafe.SizeOf<fuse_read_in>();
        sizes[(int)FuseOpcode.Write] = Unsafe.SizeOf<fuse_write_in>();
        sizes[(int)FuseOpcode.Release] = Unsafe.SizeOf<fuse_release_in>();
        sizes[(int)FuseOpcode.Fsync] = Unsafe.SizeOf<fuse_fsync_in>();
        sizes[(int)FuseOpcode.Flush] = Unsafe.SizeOf<fuse_flush_in>();
        sizes[(int)FuseOpcode.Init] = Unsafe.SizeOf<fuse_init_in>();
        sizes[(int)FuseOpcode.OpenDir] = Unsafe.SizeOf<fuse_open_in>();
        sizes[(int)FuseOpcode.ReadDir] = Unsafe.SizeOf<fuse_read_in>();
        sizes[(int)FuseOpcode.ReleaseDir] = Unsafe.SizeOf<fuse_release_in>();
        sizes[(int)FuseOpcode.Access] = Unsafe.SizeOf<fuse_access_in>();
        sizes[(int)FuseOpcode.Interrupt] = Unsafe.SizeOf<fuse_interrupt_in>();
        sizes[(int)FuseOpcode.Ioctl] = Unsafe.SizeOf<fuse_ioctl_in>();
        sizes[(int)FuseOpcode.Poll] = Unsafe.SizeOf<fuse_poll_in>();
        sizes[(int)FuseOpcode.BatchForget] = Unsafe.SizeOf<fuse_batch_forget_in>();
        return sizes;
    }
}
