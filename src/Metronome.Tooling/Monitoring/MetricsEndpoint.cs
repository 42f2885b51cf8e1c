using System.Globalization;
using System.Net;
using Prometheus;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// The HTTP endpoint Prometheus scrapes (/metrics), served by prometheus-net's HttpListener server on
/// its own threads: the tick thread never serves a request.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    /// <summary>
    /// The default port: outside 9100-9999, the range Prometheus's default-port allocation list fills
    /// (it is full), and not in /etc/services.
    /// </summary>
    public const int DefaultPort = 11011;

    public const string DefaultListen = "127.0.0.1:11011";

    private readonly MetricServer _server;

    private MetricsEndpoint(MetricServer server, IPEndPoint endPoint)
    {
        _server = server;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public string Url => $"http://{EndPoint}/metrics";

    /// <summary>ADDR:PORT (an IPv4 or [IPv6] literal and a port 1..65535); false with the reason otherwise.</summary>
    public static bool TryParse(string text, out IPEndPoint endPoint, out string error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, DefaultPort);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not ADDR:PORT (for example {DefaultListen})";
            return false;
        }
        string host = text[..colon].Trim('[', ']');
        // IPAddress.TryParse also takes legacy forms ("1.2.3" is 1.2.0.3): IPv4 must be a dotted quad.
        if (!IPAddress.TryParse(host, out var address)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count(c => c == '.') != 3))
        {
            error = $"'{host}' is not an IP address (give 127.0.0.1, 0.0.0.0, ::1 or this host's address)";
            return false;
        }
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            error = $"'{text[(colon + 1)..]}' is not a port (1..65535)";
            return false;
        }
        endPoint = new IPEndPoint(address, port);
        error = "";
        return true;
    }

    /// <summary>Starts serving <paramref name="registry"/> at /metrics.</summary>
    /// <exception cref="IOException">The address cannot be listened on (port taken, address not on this host, no permission).</exception>
    public static MetricsEndpoint Start(IPEndPoint endPoint, CollectorRegistry registry)
    {
        // HttpListener matches the request's Host: "+" accepts any, for the wildcard addresses.
        string host = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any) ? "+"
            : endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]"
            : endPoint.Address.ToString();
        var server = new MetricServer(host, endPoint.Port, "metrics/", registry);
        try
        {
            server.Start();
        }
        catch (Exception e) when (e is HttpListenerException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            server.Dispose();
            throw new IOException($"cannot listen on {endPoint}: {e.Message}", e);
        }
        return new MetricsEndpoint(server, endPoint);
    }

    public void Dispose()
    {
        try
        {
            _server.Stop();
        }
        catch (ObjectDisposedException)
        {
        }
        _server.Dispose();
    }
}
