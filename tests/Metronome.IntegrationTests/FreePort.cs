using System.Net;
using System.Net.Sockets;

namespace Metronome.IntegrationTests;

/// <summary>
/// A TCP port on 127.0.0.1 for a process under test to listen on: the kernel picks a free ephemeral port
/// (a bind to port 0), which is released for the process to take. No fixed port, so the tests never
/// collide with each other, a second checkout's run, or whatever else listens on this machine.
/// </summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
