using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// Builds each reply the server sends (fuse_out_header plus the opcode's reply struct) on the stack,
/// so answering a request, a tick's read included, allocates nothing.
/// </summary>
internal static class FuseReply
{
    /// <summary>How long the kernel may cache names and attributes: the files never change.</summary>
    public const int ValidSeconds = 60;

    /// <summary>The most an ioctl answers with: one int or long.</summary>
    private const int MaxIoctlOutput = 8;

    public static void Error(IFuseChannel channel, ulong unique, int errno) => Send(channel, unique, -errno, default);

    public static void Empty(IFuseChannel channel, ulong unique) => Send(channel, unique, 0, default);

    public static void Data(IFuseChannel channel, ulong unique, ReadOnlySpan<byte> data) => Send(channel, unique, 0, data);

    public static void Open(IFuseChannel channel, ulong unique, ulong handle, uint openFlags) =>
        Send(channel, unique, new fuse_open_out { fh = handle, open_flags = openFlags });

    /// <summary>fuse_write_out: the bytes taken.</summary>
    public static void Written(IFuseChannel channel, ulong unique, uint size) =>
        Send(channel, unique, new fuse_write_out { size = size });

    /// <summary>A restricted ioctl's answer: its return value and the bytes the kernel copies back (_IOR).</summary>
    public static void Ioctl(IFuseChannel channel, ulong unique, int result, ReadOnlySpan<byte> output)
    {
        if (output.Length > MaxIoctlOutput) throw new ArgumentOutOfRangeException(nameof(output), "ioctl output over 8 bytes");
        int head = Unsafe.SizeOf<fuse_ioctl_out>();
        Span<byte> body = stackalloc byte[Unsafe.SizeOf<fuse_ioctl_out>() + MaxIoctlOutput];
        body = body[..(head + output.Length)];
        var ioctl = new fuse_ioctl_out { result = result };
        MemoryMarshal.Write(body, in ioctl);
        output.CopyTo(body[head..]);
        Send(channel, unique, 0, body);
    }

    /// <summary>fuse_poll_out: the events ready now.</summary>
    public static void Poll(IFuseChannel channel, ulong unique, uint returnedEvents) =>
        Send(channel, unique, new fuse_poll_out { revents = returnedEvents });

    /// <summary>FUSE_NOTIFY_POLL: tells the kernel that the file polled with <paramref name="kernelHandle"/> changed.</summary>
    public static void NotifyPoll(IFuseChannel channel, ulong kernelHandle)
    {
        var wakeup = new fuse_notify_poll_wakeup_out { kh = kernelHandle };
        Send(channel, 0, FuseProtocol.NotifyPoll, Bytes(in wakeup));
    }

    /// <summary>FUSE_NOTIFY_RESEND: a server taking over asks for what its predecessor read and never answered.</summary>
    public static void NotifyResend(IFuseChannel channel) => Send(channel, 0, FuseProtocol.NotifyResend, default);

    public static void Entry(IFuseChannel channel, ulong unique, in FuseNode node) =>
        Send(channel, unique, new fuse_entry_out { nodeid = node.Id, entry_valid = ValidSeconds, attr_valid = ValidSeconds, attr = node.Attr });

    public static void Attr(IFuseChannel channel, ulong unique, in FuseNode node) =>
        Send(channel, unique, new fuse_attr_out { attr_valid = ValidSeconds, attr = node.Attr });

    /// <remarks>
    /// flags 0: no async reads, locks, or caching features; max_background and congestion_threshold 0
    /// (the kernel's defaults); time_gran 1 ns.
    /// </remarks>
    public static void Init(IFuseChannel channel, ulong unique, uint minor, uint maxReadahead) =>
        Send(channel, unique, new fuse_init_out
        {
            major = FuseProtocol.Major,
            minor = minor,
            max_readahead = maxReadahead,
            max_write = FuseProtocol.MaxWrite,
            time_gran = 1,
        });

    public static void StatFs(IFuseChannel channel, ulong unique) =>
        Send(channel, unique, new fuse_statfs_out { bsize = 4096, namelen = 255, frsize = 4096 });

    private static void Send<T>(IFuseChannel channel, ulong unique, in T body) where T : unmanaged =>
        Send(channel, unique, 0, Bytes(in body));

    private static ReadOnlySpan<byte> Bytes<T>(in T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));

    private static void Send(IFuseChannel channel, ulong unique, int error, ReadOnlySpan<byte> body)
    {
        var header = new fuse_out_header { len = (uint)(Unsafe.SizeOf<fuse_out_header>() + body.Length), error = error, unique = unique };
        channel.Send(Bytes(in header), body);
    }
}
