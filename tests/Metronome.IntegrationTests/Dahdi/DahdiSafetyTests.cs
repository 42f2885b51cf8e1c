using Metronome.Tooling.Dahdi;
using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>What `metronome dahdi` refuses, recovers from, and never leaves behind.</summary>
public sealed class DahdiSafetyTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-").FullName;

    public void Dispose()
    {
        if (DahdiServerProcess.IsMounted(_dir)) LibC.Umount2(_dir, LibC.MNT_DETACH);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Given_a_directory_holding_a_dahdi_character_device_When_served_Then_it_refuses_unless_forced()
    {
        Assert.Equal(0, CliProcess.RunProgram(Generous, "mknod", Path.Combine(_dir, "pseudo"), "c", "196", "255").Code); // DAHDI's major

        var (code, stdout, stderr) = CliProcess.Run(Generous, "dahdi", "--mount", _dir);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"metronome: refusing to mount over a real DAHDI on {_dir}: {_dir}/pseudo is a character device (--force mounts over it)\n", stderr);
        Assert.False(DahdiServerProcess.IsMounted(_dir));

        using (var server = DahdiServerProcess.Start(_dir, "--force"))
        {
            Assert.False(FileType.IsCharacterDevice(server.Pseudo), "the forced mount does not shadow the device node");
            using (var pseudo = new DeviceFile(server.Pseudo)) Assert.Equal(1024, pseudo.Read(new byte[8192]));
            Assert.Equal(0, server.Stop().Code);
        }
        Assert.True(FileType.IsCharacterDevice(Path.Combine(_dir, "pseudo")), "the device node is visible again after the unmount");
    }

    [Fact]
    public void Given_a_mount_left_by_a_killed_server_When_served_again_Then_the_stale_mount_is_recovered()
    {
        using (var crashed = DahdiServerProcess.Start(_dir))
        {
            // Used first, so the kernel holds cached attributes that outlive the server.
            Assert.Equal(2, Directory.GetFileSystemEntries(_dir).Length);
            using (var pseudo = new DeviceFile(crashed.Pseudo)) Assert.Equal(1024, pseudo.Read(new byte[8192]));
            crashed.Process.Signal("KILL");
            crashed.Process.WaitForExit(Generous);
        }
        Assert.Equal(LibC.ENOTCONN, FileType.Probe(_dir, fresh: true, out _));

        using var server = DahdiServerProcess.Start(_dir);
        using (var pseudo = new DeviceFile(server.Pseudo)) Assert.Equal(1024, pseudo.Read(new byte[8192]));
        var (code, _) = server.Stop();

        Assert.Contains($"metronome: recovered {_dir}: detached a stale mount left by a process that died (Transport endpoint is not connected)", server.Process.Stderr);
        Assert.Equal(0, code);
        Assert.False(DahdiServerProcess.IsMounted(_dir));
    }

    [Fact]
    public void Given_a_server_When_sigterm_comes_twice_in_a_row_Then_the_second_does_not_cut_the_unmount_short()
    {
        using var server = DahdiServerProcess.Start(_dir);

        server.Process.Signal("TERM");
        server.Process.Signal("TERM");
        int code = server.Process.WaitForExit(Generous);

        Assert.Equal(0, code);
        Assert.False(DahdiServerProcess.IsMounted(_dir));
    }

    [Fact]
    public void Given_a_running_server_When_a_second_one_is_started_on_the_same_directory_Then_it_refuses()
    {
        using var server = DahdiServerProcess.Start(_dir);

        var (code, _, stderr) = CliProcess.Run(Generous, "dahdi", "--mount", _dir, "--force");

        Assert.Equal(1, code);
        Assert.Equal($"metronome: {_dir} is already served by another metronome dahdi; stop that one first\n", stderr);
        Assert.Equal(0, server.Stop().Code);
    }

    [Fact]
    public void Given_a_server_When_its_mount_is_removed_from_outside_Then_it_exits_1_saying_so()
    {
        using var server = DahdiServerProcess.Start(_dir);

        Assert.Equal(0, LibC.Umount2(_dir, LibC.MNT_DETACH));
        int code = server.Process.WaitForExit(Generous);

        Assert.Equal(1, code);
        Assert.EndsWith($"metronome: {_dir} was unmounted from outside\n", server.Process.Stderr);
        Assert.Contains($"Stopped serving {_dir}: source nanosleep", server.Process.Stdout); // auto: nanosleep
    }

    [Fact]
    public void Given_root_without_CAP_SYS_ADMIN_When_served_Then_one_line_says_what_is_needed_and_it_exits_1()
    {
        var (code, stdout, stderr) = CliProcess.RunProgram(Generous, "setpriv", "--bounding-set", "-sys_admin", "--", BuiltBinary.Path, "dahdi", "--mount", _dir);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("metronome: serving the DAHDI devices means mounting a FUSE file system, which needs root with CAP_SYS_ADMIN "
                     + "(and access to /dev/fuse): run it with sudo, or install deploy/metronome-dahdi.service\n", stderr);
        Assert.False(DahdiServerProcess.IsMounted(_dir));
    }
}
