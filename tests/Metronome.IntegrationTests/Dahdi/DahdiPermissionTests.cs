using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>
/// The devices are not world-accessible: mode 0660 and a group, enforced by the kernel (the mount has
/// default_permissions and allow_other, and the server answers GETATTR and LOOKUP with that mode, owner
/// and group). A user outside the group gets EACCES; one inside it reads.
/// </summary>
public sealed class DahdiPermissionTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-").FullName;

    public void Dispose()
    {
        if (DahdiServerProcess.IsMounted(_dir)) LibC.Umount2(_dir, LibC.MNT_DETACH);
        Directory.Delete(_dir, recursive: true);
    }

    private static string GroupId(string name) =>
        File.ReadAllLines("/etc/group").Select(l => l.Split(':')).First(f => f[0] == name)[2];

    [Fact]
    public void Given_devices_of_group_dialout_When_nobody_reads_outside_then_inside_the_group_Then_eacces_then_a_block()
    {
        using var server = DahdiServerProcess.Start(_dir, "--group", "dialout");
        string dialout = GroupId("dialout");

        var (_, mode, _) = CliProcess.RunProgram(Generous, "stat", "-c", "%a %g", server.Pseudo);
        Assert.Equal($"660 {dialout}", mode.Trim());

        var (outCode, _, outErr) = CliProcess.RunProgram(Generous, "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--",
            "head", "-c", "1", server.Pseudo);
        Assert.NotEqual(0, outCode);
        Assert.Contains("Permission denied", outErr);

        var (inCode, inOut, inErr) = CliProcess.RunProgram(Generous, "setpriv", "--reuid", "65534", "--regid", "65534", "--groups", dialout, "--",
            "sh", "-c", $"head -c 1 {server.Pseudo} | wc -c");
        Assert.True(inCode == 0, inErr);
        Assert.Equal("1", inOut.Trim());
    }

    [Fact]
    public void Given_mode_0666_asked_for_When_served_Then_anyone_may_read()
    {
        using var server = DahdiServerProcess.Start(_dir, "--mode", "0666");

        var (code, stdout, stderr) = CliProcess.RunProgram(Generous, "setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--",
            "sh", "-c", $"exec 3<{server.Timer} && stat -c %a {server.Pseudo}");
        Assert.True(code == 0, stderr);
        Assert.Equal("666", stdout.Trim());
    }
}
