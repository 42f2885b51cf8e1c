using System.Net;
using System.Net.Sockets;

namespace RtpPacer;

/// <summary>Sends consecutive 20 ms frames of one RTP stream: sequence +1 and timestamp +160 per frame.</summary>
internal sealed class RtpSender(IPEndPoint receiver) : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _packet = new byte[RtpPacket.Size];
    private readonly uint _ssrc = (uint)Random.Shared.Next();
    private ushort _sequence = (ushort)Random.Shared.Next();
    private uint _timestamp = (uint)Random.Shared.Next();
    private bool _first = true;

    public long FramesSent { get; private set; }

    /// <summary>Sends <paramref name="frames"/> frames back to back (more than one only to catch up after missed ticks).</summary>
    public void Send(int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            RtpPacket.Write(_packet, _sequence++, _timestamp, _ssrc, _first);
            _timestamp += RtpPacket.SamplesPerFrame;
            _first = false;
            _socket.SendTo(_packet, receiver);
            FramesSent++;
        }
    }

    public void Dispose() => _socket.Dispose();
}
