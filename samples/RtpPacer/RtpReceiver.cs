using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtpPacer;

/// <summary>Receives the stream on 127.0.0.1 and keeps each packet's arrival time and RTP timestamp.</summary>
internal sealed class RtpReceiver : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly long[] _arrivalTicks;
    private readonly uint[] _timestamps;
    private readonly Thread _thread;
    private int _count;

    public RtpReceiver(int capacity)
    {
        _arrivalTicks = new long[capacity];
        _timestamps = new uint[capacity];
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.ReceiveTimeout = 200;
        _thread = new Thread(Receive) { Name = "rtp-receiver", IsBackground = true };
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    private volatile bool _stopping;

    public void Start() => _thread.Start();

    /// <summary>Stops receiving and returns what arrived, in arrival order.</summary>
    public ArrivalLog Stop()
    {
        _stopping = true;
        _thread.Join();
        return new ArrivalLog(_arrivalTicks.AsSpan(0, _count).ToArray(), _timestamps.AsSpan(0, _count).ToArray(), Stopwatch.Frequency);
    }

    /// <summary>Whether the receiving thread got SCHED_FIFO (it asks for 90, above any sender).</summary>
    public bool Realtime { get; private set; }

    private void Receive()
    {
        // Arrivals are timestamped when this thread runs: at SCHED_OTHER on a busy host that would
        // measure this thread's own scheduling delay, not the sender's pacing.
        Realtime = RealtimeThread.TrySetFifo(90);
        var buffer = new byte[2048];
        while (!_stopping && _count < _arrivalTicks.Length)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                continue;
            }
            long now = Stopwatch.GetTimestamp();
            if (n < RtpPacket.HeaderSize) continue;
            _arrivalTicks[_count] = now;
            _timestamps[_count] = RtpPacket.Timestamp(buffer);
            _count++;
        }
    }

    public void Dispose() => _socket.Dispose();
}
