using System.Buffers.Binary;

namespace Metronome.Fuse;

/// <summary>
/// Builds each reply the server sends (fuse_out_header plus the opcode's reply struct) on the stack,
/// so answering a request, a tick's read included, allocates nothing.
/// </summary>
public static class FuseReply
{
    /// <summary>How long the kernel may cache names and attributes: the files never change.</summary>
    public const int ValidSeconds = 60;

    public static void Error(IFuseChannel channel, ulong unique, int errno) => Send(channel, unique, -errno, default);

    public static void Empty(IFuseChannel channel, ulong unique) => Send(channel, unique, 0, default);

    public static void Data(IFuseChannel channel, ulong unique, ReadOnlySpan<byte> data) => Send(channel, unique, 0, data);

    public static void Open(IFuseChannel channel, ulong unique, ulong handle, uint openFlags)
    {
        Span<byte> body = stackalloc byte[FuseProtocol.OpenOutSize];
        body.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(body, handle);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], openFlags);
        Send(channel, unique, 0, body);
    }

    /// <summary>fuse_write_out: the bytes taken.</summary>
    public static void Written(IFuseChannel channel, ulong unique, uint size) => SendU32(channel, unique, size);

    /// <summary>A restricted ioctl's answer: its return value and the bytes the kernel copies back (_IOR).</summary>
    public static void Ioctl(IFuseChannel channel, ulong unique, int result, ReadOnlySpan<byte> output)
    {
        Span<byte> body = stackalloc byte[FuseProtocol.IoctlOutSize + 8];
        if (output.Length > 8) throw new ArgumentOutOfRangeException(nameof(output), "ioctl output over 8 bytes");
        body = body[..(FuseProtocol.IoctlOutSize + output.Length)];
        body.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(body, result);
        output.CopyTo(body[FuseProtocol.IoctlOutSize..]);
        Send(channel, unique, 0, body);
    }

    /// <summary>fuse_poll_out: the events ready now.</summary>
    public static void Poll(IFuseChannel channel, ulong unique, uint returnedEvents) => SendU32(channel, unique, returnedEvents);

    /// <summary>FUSE_NOTIFY_POLL: tells the kernel that the file polled with <paramref name="kernelHandle"/> changed.</summary>
    public static void NotifyPoll(IFuseChannel channel, ulong kernelHandle)
    {
        Span<byte> body = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(body, kernelHandle);
        Send(channel, 0, FuseProtocol.NotifyPoll, body);
    }

    public static void Entry(IFuseChannel channel, ulong unique, in FuseNode node)
    {
        Span<byte> body = stackalloc byte[FuseProtocol.EntryOutSize];
        body.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(body, node.Id);
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], ValidSeconds); // entry_valid
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], ValidSeconds); // attr_valid
        node.WriteAttr(body[40..]);
        Send(channel, unique, 0, body);
    }

    public static void Attr(IFuseChannel channel, ulong unique, in FuseNode node)
    {
        Span<byte> body = stackalloc byte[FuseProtocol.AttrOutSize];
        body.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(body, ValidSeconds);
        node.WriteAttr(body[16..]);
        Send(channel, unique, 0, body);
    }

    public static void Init(IFuseChannel channel, ulong unique, uint minor, uint maxReadahead)
    {
        Span<byte> body = stackalloc byte[FuseProtocol.InitOutSize];
        body.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(body, FuseProtocol.Major);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], minor);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], maxReadahead);
        // flags 0: no async reads, locks, or caching features; max_background and congestion stay at 0
        // (the kernel's defaults).
        BinaryPrimitives.WriteUInt32LittleEndian(body[20..], FuseProtocol.MaxWrite);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], 1); // time_gran: 1 ns
        Send(channel, unique, 0, body);
    }

    public static void StatFs(IFuseChannel channel, ulong unique)
    {
        Span<byte> body = stackalloc byte[FuseProtocol.StatFsOutSize];
        body.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], 4096); // bsize
        BinaryPrimitives.WriteUInt32LittleEndian(body[44..], 255);  // namelen
        BinaryPrimitives.WriteUInt32LittleEndian(body[48..], 4096); // frsize
        Send(channel, unique, 0, body);
    }

    /// <summary>The replies whose struct is one u32 and padding to 8 bytes.</summary>
    private static void SendU32(IFuseChannel channel, ulong unique, uint value)
    {
        Span<byte> body = stackalloc byte[8];
        body.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(body, value);
        Send(channel, unique, 0, body);
    }

    private static void Send(IFuseChannel channel, ulong unique, int error, ReadOnlySpan<byte> body)
    {
        Span<byte> header = stackalloc byte[FuseProtocol.OutHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(FuseProtocol.OutHeaderSize + body.Length));
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], error);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], unique);
        channel.Send(header, body);
    }
}
