using Metronome.Cli;
using Metronome.Cli.Commands;

namespace Metronome.Tests.Cli;

/// <summary>Who owns /dev/dahdi/pseudo and timer: Debian's udev rules for kernel DAHDI, on scripted /etc files.</summary>
public sealed class DeviceOwnershipTests : IDisposable
{
    private readonly string _etc = Directory.CreateTempSubdirectory("metronome-etc-").FullName;

    public void Dispose() => Directory.Delete(_etc, recursive: true);

    private string Etc(string passwd, string group)
    {
        File.WriteAllText(Path.Combine(_etc, "passwd"), passwd);
        File.WriteAllText(Path.Combine(_etc, "group"), group);
        return _etc;
    }

    private const string Root = "root:x:0:0:root:/root:/bin/bash\n";
    private const string Groups = "root:x:0:\ndialout:x:20:\n";

    [Fact]
    public void Given_an_asterisk_user_and_group_When_resolved_Then_asterisk_owns_them_mode_0660()
    {
        var o = DeviceOwnership.Resolve(Etc(Root + "asterisk:x:107:113::/var/lib/asterisk:/usr/sbin/nologin\n", Groups + "asterisk:x:113:\n"), null, DeviceOwnership.DefaultMode);

        Assert.Equal((107u, "asterisk", 113u, "asterisk", 0x1B0u), (o.Uid, o.Owner, o.Gid, o.Group, o.Mode));
        Assert.Equal("asterisk:asterisk, mode 0660", o.ToString());
    }

    [Fact]
    public void Given_no_asterisk_When_resolved_Then_root_and_dialout()
    {
        var o = DeviceOwnership.Resolve(Etc(Root, Groups), null, DeviceOwnership.DefaultMode);

        Assert.Equal("root:dialout, mode 0660", o.ToString());
        Assert.Equal((0u, 20u), (o.Uid, o.Gid));
    }

    [Fact]
    public void Given_neither_asterisk_nor_dialout_When_resolved_Then_root_root_0660()
    {
        var o = DeviceOwnership.Resolve(Etc(Root, "root:x:0:\n"), null, DeviceOwnership.DefaultMode);

        Assert.Equal("root:root, mode 0660", o.ToString());
        Assert.Equal((0u, 0u), (o.Uid, o.Gid));
    }

    [Fact]
    public void Given_a_group_and_mode_When_resolved_Then_they_replace_the_defaults()
    {
        var o = DeviceOwnership.Resolve(Etc(Root, Groups + "voip:x:1001:\n"), "voip", 0x1A0 /* 0640 */);

        Assert.Equal("root:voip, mode 0640", o.ToString());
        Assert.Equal(1001u, o.Gid);
    }

    [Fact]
    public void Given_a_group_that_does_not_exist_When_resolved_Then_it_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceOwnership.Resolve(Etc(Root, Groups), "nosuch", DeviceOwnership.DefaultMode));

        Assert.Equal($"no group 'nosuch' in {_etc}/group", e.Message);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("01777")]
    [InlineData("rw-rw----")]
    public void Given_a_mode_that_is_not_octal_bits_When_parsed_Then_it_exits_2_naming_it(string mode)
    {
        var stderr = new StringWriter();

        int code = MetronomeCli.Run(["dahdi", "--mode", mode], TextWriter.Null, stderr);

        Assert.Equal(2, code);
        Assert.StartsWith($"metronome: --mode takes octal permission bits from 0 to 0777, such as 0660 (got '{mode}')\n", stderr.ToString());
    }

    [Fact]
    public void Given_an_octal_mode_When_parsed_Then_it_is_taken()
    {
        var stderr = new StringWriter();

        // A bad --status-every stops the run before it mounts; --mode 0640 itself raises nothing.
        int code = MetronomeCli.Run(["dahdi", "--mode", "0640", "--status-every", "0"], TextWriter.Null, stderr);

        Assert.Equal(2, code);
        Assert.StartsWith("metronome: --status-every", stderr.ToString());
    }
}
