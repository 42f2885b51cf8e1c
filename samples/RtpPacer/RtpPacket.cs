using System.Buffers.Binary;

namespace RtpPacer;

/// <summary>An RTP packet (RFC 3550) carrying one 20 ms G.711 µ-law frame: 12-byte header, 160 samples.</summary>
internal static class RtpPacket
{
    public const int HeaderSize = 12;
    public const int SamplesPerFrame = 160; // 20 ms at 8000 Hz
    public const int Size = HeaderSize + SamplesPerFrame;
    private const byte PayloadTypePcmu = 0;

    /// <summary>Writes version 2, no padding/extension/CSRC, marker on the first packet, PT 0 (PCMU).</summary>
    public static void Write(Span<byte> packet, ushort sequence, uint timestamp, uint ssrc, bool marker)
    {
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | PayloadTypePcmu);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
        // µ-law silence (0xFF): the payload's content does not matter to pacing.
        packet[HeaderSize..].Fill(0xFF);
    }

    public static ushort Sequence(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint Timestamp(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
}
