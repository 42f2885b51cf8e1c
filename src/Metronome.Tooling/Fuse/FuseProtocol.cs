using System.Runtime.CompilerServices;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// Numbers of the kernel's FUSE protocol, version 7 (linux/fuse.h); its structs are in FuseKernel.cs.
/// </summary>
internal static class FuseProtocol
{
    public const uint Major = 7;

    /// <summary>The protocol minor this server speaks: 7.31 (Linux 5.4) has everything it uses.</summary>
    public const uint Minor = 31;

    public const ulong RootId = 1;

    /// <summary>sizeof(struct fuse_in_header): every request starts with one.</summary>
    public static int InHeaderSize => Unsafe.SizeOf<fuse_in_header>();

    /// <summary>The largest write the kernel may send; the receive buffer must hold it plus headers.</summary>
    public const int MaxWrite = 128 * 1024;

    public const int ReceiveBufferSize = MaxWrite + 4096;

    /// <summary>fuse_open_out.open_flags: no page cache, no seeking.</summary>
    public const uint OpenDirectIo = 1 << 0;
    public const uint OpenNonSeekable = 1 << 2;

    public const uint PollScheduleNotify = 1 << 0;

    /// <summary>Notification code (in the error field of a message with unique 0): wake a poller.</summary>
    public const int NotifyPoll = 1;

    /// <summary>Notification code (Linux 6.9 and later): requests read but not answered go back to the queue, to be read again.</summary>
    public const int NotifyResend = 7;

    public const uint ModeDirectory = 0x4000;
    public const uint ModeRegular = 0x8000;

    public const uint DirentTypeDirectory = 4;
    public const uint DirentTypeRegular = 8;
}
