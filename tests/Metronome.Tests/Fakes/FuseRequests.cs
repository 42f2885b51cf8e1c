using System.Buffers.Binary;
using System.Text;
using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Fakes;

/// <summary>Requests laid out as the kernel writes them to /dev/fuse (fuse_in_header, then the body).</summary>
internal static class FuseRequests
{
    public static byte[] Make(FuseOpcode opcode, ulong unique, ulong nodeId, params byte[][] bodyParts)
    {
        byte[] body = [.. bodyParts.SelectMany(p => p)];
        var message = new byte[FuseProtocol.InHeaderSize + body.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4), (uint)opcode);
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(8), unique);
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(16), nodeId);
        body.CopyTo(message, FuseProtocol.InHeaderSize);
        return message;
    }

    public static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    public static byte[] U64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return b;
    }

    public static byte[] Init(ulong unique, uint major, uint minor) =>
        Make(FuseOpcode.Init, unique, 0, U32(major), U32(minor), U32(131072), U32(0), new byte[48]);

    public static byte[] Lookup(ulong unique, string name) =>
        Make(FuseOpcode.Lookup, unique, FuseProtocol.RootId, [.. Encoding.UTF8.GetBytes(name), 0]);

    public static byte[] Open(ulong unique, ulong nodeId, uint flags = 2 /* O_RDWR */) =>
        Make(FuseOpcode.Open, unique, nodeId, U32(flags), U32(0));

    /// <summary>fuse_read_in: fh, offset, size, read_flags, lock_owner, flags, padding.</summary>
    public static byte[] Read(ulong unique, ulong handle, uint size, uint fileFlags = 2) =>
        Make(FuseOpcode.Read, unique, 2, U64(handle), U64(0), U32(size), U32(0), U64(0), U32(fileFlags), U32(0));

    public static byte[] ReadDir(ulong unique, ulong offset, uint size = 4096) =>
        Make(FuseOpcode.ReadDir, unique, FuseProtocol.RootId, U64(0), U64(offset), U32(size), U32(0), U64(0), U32(0), U32(0));

    /// <summary>fuse_write_in (40 bytes), then the data.</summary>
    public static byte[] Write(ulong unique, ulong handle, byte[] data) =>
        Make(FuseOpcode.Write, unique, 2, U64(handle), U64(0), U32((uint)data.Length), U32(0), U64(0), U32(0), U32(0), data);

    /// <summary>fuse_ioctl_in: fh, flags, cmd, arg, in_size, out_size; then the input.</summary>
    public static byte[] Ioctl(ulong unique, ulong handle, uint command, int? input = null, uint outSize = 0) =>
        Make(FuseOpcode.Ioctl, unique, 2, U64(handle), U32(0), U32(command), U64(0),
            U32(input is null ? 0u : 4u), U32(outSize), input is { } v ? U32((uint)v) : []);

    /// <summary>fuse_poll_in: fh, kh, flags, events.</summary>
    public static byte[] Poll(ulong unique, ulong handle, ulong kernelHandle, bool schedule, uint events) =>
        Make(FuseOpcode.Poll, unique, 2, U64(handle), U64(kernelHandle), U32(schedule ? FuseProtocol.PollScheduleNotify : 0), U32(events));

    public static byte[] Release(ulong unique, ulong handle) =>
        Make(FuseOpcode.Release, unique, 2, U64(handle), U32(0), U32(0), U64(0));

    public static byte[] Interrupt(ulong unique, ulong interrupted) =>
        Make(FuseOpcode.Interrupt, unique, 0, U64(interrupted));
}
