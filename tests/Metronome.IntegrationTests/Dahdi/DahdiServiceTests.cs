using System.Net.Sockets;
using System.Text;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>`metronome dahdi` as systemd runs it: deploy/metronome-dahdi.service and its notifications.</summary>
public sealed class DahdiServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-service-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_the_unit_file_When_systemd_verifies_it_with_the_built_binary_Then_it_has_nothing_to_say()
    {
        var (unit, code, output) = UnitFile.Verify("metronome-dahdi.service", _dir);

        Assert.Contains("ExecStart=/usr/local/bin/metronome dahdi ", unit);
        Assert.Equal("", output);
        Assert.Equal(0, code);
    }

    [Fact]
    public void Given_a_notify_socket_When_served_and_stopped_Then_systemd_hears_ready_with_the_status_line_and_then_stopping()
    {
        string path = Path.Combine(_dir, "notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(path));
        systemd.ReceiveTimeout = 20_000;
        string mount = Directory.CreateDirectory(Path.Combine(_dir, "dahdi")).FullName;

        using var server = CliProcess.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path },
            "dahdi", "--mount", mount, "--status-every", "3600");
        string ready = Receive(systemd);
        server.Signal("TERM");
        string stopping = Receive(systemd);
        int code = server.WaitForExit(TimeSpan.FromSeconds(15));

        Assert.StartsWith("READY=1\nSTATUS=source nanosleep, 0 open channels (0 pseudo, 0 timer), ", ready);
        Assert.Equal("STOPPING=1", stopping);
        Assert.Equal(0, code);
        Assert.False(DahdiServerProcess.IsMounted(mount));
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        return Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
    }
}
