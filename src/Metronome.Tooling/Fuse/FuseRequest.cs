using System.Runtime.InteropServices;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// One request as the kernel wrote it to /dev/fuse: a fuse_in_header, then the opcode's body, which
/// starts with the opcode's fixed struct (<see cref="FuseOpcodes"/>). A view over the receive buffer;
/// nothing is copied.
/// </summary>
internal readonly ref struct FuseRequest
{
    private readonly ReadOnlySpan<byte> _message;

    public FuseRequest(ReadOnlySpan<byte> message)
    {
        if (message.Length < FuseProtocol.InHeaderSize)
            throw new FuseException($"a FUSE request of {message.Length} bytes is shorter than its header");
        uint length = MemoryMarshal.Read<fuse_in_header>(message).len;
        if (length < FuseProtocol.InHeaderSize || length > message.Length)
            throw new FuseException($"a FUSE request claims {length} bytes but {message.Length} arrived");
        _message = message[..(int)length];
    }

    private fuse_in_header Header => MemoryMarshal.Read<fuse_in_header>(_message);

    public FuseOpcode Opcode => (FuseOpcode)Header.opcode;
    public ulong Unique => Header.unique;
    public ulong NodeId => Header.nodeid;

    public ReadOnlySpan<byte> Body => _message[FuseProtocol.InHeaderSize..];

    /// <summary>Whether the body holds its opcode's fixed struct: checked once, before <see cref="In{T}"/> reads it.</summary>
    public bool IsComplete => Body.Length >= FuseOpcodes.InputSize(Opcode);

    /// <summary>The fixed struct the body starts with (fuse_read_in for READ, ...).</summary>
    internal T In<T>() where T : struct => MemoryMarshal.Read<T>(Body);

    /// <summary>The NUL-terminated name that LOOKUP carries.</summary>
    public ReadOnlySpan<byte> Name
    {
        get
        {
            int end = Body.IndexOf((byte)0);
            return end < 0 ? Body : Body[..end];
        }
    }
}
