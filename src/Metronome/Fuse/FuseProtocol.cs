namespace Metronome.Fuse;

/// <summary>
/// Numbers and sizes of the kernel's FUSE protocol, version 7 (linux/fuse.h). The layouts are a stable
/// kernel ABI: little-endian on every architecture .NET runs Linux on, padded to 64 bits.
/// </summary>
public static class FuseProtocol
{
    public const uint Major = 7;

    /// <summary>The protocol minor this server speaks: 7.31 (Linux 5.4) has everything it uses.</summary>
    public const uint Minor = 31;

    public const ulong RootId = 1;

    public const int InHeaderSize = 40;
    public const int OutHeaderSize = 16;
    public const int AttrSize = 88;
    public const int EntryOutSize = 40 + AttrSize;
    public const int AttrOutSize = 16 + AttrSize;
    public const int InitOutSize = 64;
    public const int OpenOutSize = 16;
    public const int IoctlInSize = 32;
    public const int IoctlOutSize = 16;
    public const int StatFsOutSize = 80;
    public const int DirentHeaderSize = 24;

    /// <summary>The largest write the kernel may send; the receive buffer must hold it plus headers.</summary>
    public const int MaxWrite = 128 * 1024;

    public const int ReceiveBufferSize = MaxWrite + 4096;

    /// <summary>fuse_open_out.open_flags: no page cache, no seeking.</summary>
    public const uint OpenDirectIo = 1 << 0;
    public const uint OpenNonSeekable = 1 << 2;

    public const uint PollScheduleNotify = 1 << 0;

    /// <summary>Notification code (in the error field of a message with unique 0): wake a poller.</summary>
    public const int NotifyPoll = 1;

    public const uint ModeDirectory = 0x4000;
    public const uint ModeRegular = 0x8000;

    public const uint DirentTypeDirectory = 4;
    public const uint DirentTypeRegular = 8;
}
