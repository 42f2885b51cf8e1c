using System.Buffers.Binary;

namespace Metronome.Fuse;

/// <summary>
/// One request as the kernel wrote it to /dev/fuse: the 40-byte fuse_in_header, then the opcode's body.
/// A view over the receive buffer; nothing is copied.
/// </summary>
public readonly ref struct FuseRequest
{
    private readonly ReadOnlySpan<byte> _message;

    public FuseRequest(ReadOnlySpan<byte> message)
    {
        if (message.Length < FuseProtocol.InHeaderSize)
            throw new FuseException($"a FUSE request of {message.Length} bytes is shorter than its header");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(message);
        if (length < FuseProtocol.InHeaderSize || length > message.Length)
            throw new FuseException($"a FUSE request claims {length} bytes but {message.Length} arrived");
        _message = message[..(int)length];
    }

    public FuseOpcode Opcode => (FuseOpcode)BinaryPrimitives.ReadUInt32LittleEndian(_message[4..]);
    public ulong Unique => BinaryPrimitives.ReadUInt64LittleEndian(_message[8..]);
    public ulong NodeId => BinaryPrimitives.ReadUInt64LittleEndian(_message[16..]);

    public ReadOnlySpan<byte> Body => _message[FuseProtocol.InHeaderSize..];

    /// <summary>A field of the body; a body too short for it is a protocol error, not a crash.</summary>
    public uint U32(int offset) => offset + 4 <= Body.Length
        ? BinaryPrimitives.ReadUInt32LittleEndian(Body[offset..])
        : throw Short(offset + 4);

    public ulong U64(int offset) => offset + 8 <= Body.Length
        ? BinaryPrimitives.ReadUInt64LittleEndian(Body[offset..])
        : throw Short(offset + 8);

    /// <summary>The NUL-terminated name that LOOKUP carries.</summary>
    public ReadOnlySpan<byte> Name
    {
        get
        {
            int end = Body.IndexOf((byte)0);
            return end < 0 ? Body : Body[..end];
        }
    }

    private FuseException Short(int needed) =>
        new($"a FUSE {Opcode} request has a {Body.Length}-byte body; {needed} needed");
}
