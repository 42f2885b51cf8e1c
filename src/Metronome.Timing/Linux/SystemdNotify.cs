using System.Net.Sockets;
using System.Text;

namespace Metronome.Timing.Linux;

/// <summary>
/// sd_notify(3) without libsystemd: one datagram of "KEY=value" lines to $NOTIFY_SOCKET, so a
/// Type=notify unit knows when Metronome is ready and `systemctl status` shows its status line.
/// Outside systemd (no NOTIFY_SOCKET) every call does nothing.
/// </summary>
internal sealed class SystemdNotify : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SystemdNotify() : this(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")) { }

    /// <summary>For testing: the socket path given directly ('@' starts an abstract name, as systemd writes it).</summary>
    internal SystemdNotify(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath)) return;
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public void Ready(string status) => Send($"READY=1\nSTATUS={status}");

    public void Status(string status) => Send($"STATUS={status}");

    public void Stopping() => Send("STOPPING=1");

    private void Send(string state)
    {
        if (_socket is null) return;
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint!);
        }
        catch (SocketException)
        {
            // systemd went away or never listened: notifications are advice, never a reason to stop serving.
        }
    }

    public void Dispose() => _socket?.Dispose();
}
