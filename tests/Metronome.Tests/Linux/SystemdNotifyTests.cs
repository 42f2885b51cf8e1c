using System.Net.Sockets;
using System.Text;
using Metronome.Timing.Linux;

namespace Metronome.Tests.Linux;

public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-notify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_a_notify_socket_When_ready_status_and_stopping_are_sent_Then_systemd_reads_them_as_datagrams()
    {
        string path = Path.Combine(_dir, "notify");
        using var systemd = Listen(path);
        using var notify = new SystemdNotify(path);

        notify.Ready("serving");
        notify.Status("1 open channel");
        notify.Stopping();

        Assert.Equal("READY=1\nSTATUS=serving", Receive(systemd));
        Assert.Equal("STATUS=1 open channel", Receive(systemd));
        Assert.Equal("STOPPING=1", Receive(systemd));
    }

    [Fact]
    public void Given_an_abstract_socket_name_When_notified_Then_the_at_sign_means_the_abstract_namespace()
    {
        string name = $"metronome-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var systemd = Listen("\0" + name);
        using var notify = new SystemdNotify("@" + name);

        notify.Ready("up");

        Assert.Equal("READY=1\nSTATUS=up", Receive(systemd));
    }

    [Fact]
    public void Given_a_socket_nobody_listens_on_yet_When_notified_Then_serving_goes_on_and_the_systemd_that_comes_later_hears_the_next_one()
    {
        string path = Path.Combine(_dir, "later");
        using var notify = new SystemdNotify(path);

        notify.Ready("nobody hears this");
        using var systemd = Listen(path);
        notify.Status("heard");

        Assert.Equal("STATUS=heard", Receive(systemd));
    }

    private static Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        int n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
