using System.Buffers.Binary;
using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Fakes;

/// <summary>A FUSE channel that keeps every message sent, parsed: what the kernel would have read. Safe to send to from several threads.</summary>
internal sealed class RecordingChannel : IFuseChannel
{
    public sealed record Message(uint Length, int Error, ulong Unique, byte[] Body)
    {
        public uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Body.AsSpan(offset));
        public int I32(int offset) => BinaryPrimitives.ReadInt32LittleEndian(Body.AsSpan(offset));
        public ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(Body.AsSpan(offset));
    }

    public List<Message> Sent { get; } = [];

    public void Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        var message = new Message(
            BinaryPrimitives.ReadUInt32LittleEndian(header),
            BinaryPrimitives.ReadInt32LittleEndian(header[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[8..]),
            body.ToArray());
        lock (Sent) Sent.Add(message);
    }

    /// <summary>The one reply to request <paramref name="unique"/>; fails if there is none or more.</summary>
    public Message ReplyTo(ulong unique) => Assert.Single(Sent, m => m.Unique == unique);

    public bool Answered(ulong unique) => Sent.Any(m => m.Unique == unique);
}
