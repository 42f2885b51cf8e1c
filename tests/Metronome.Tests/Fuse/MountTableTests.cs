using Metronome.Tooling.Fuse;

namespace Metronome.Tests.Fuse;

public class MountTableTests
{
    private const string MountInfo =
        "22 1 0:21 / /dev rw,nosuid shared:2 - devtmpfs udev rw,size=4096k\n" +
        "95 22 0:48 / /dev/dahdi rw,nosuid,nodev,noexec,relatime shared:50 - fuse.metronome metronome rw,user_id=0,group_id=0,default_permissions,allow_other\n" +
        "96 22 0:49 / /tmp/with\\040space rw - tmpfs tmpfs rw\n" +
        "97 95 0:50 / /dev/dahdi rw - tmpfs tmpfs rw\n";

    [Theory]
    [InlineData("/dev", "devtmpfs")]
    [InlineData("/tmp/with space", "tmpfs")]
    [InlineData("/nowhere", null)]
    [InlineData("/dev/dah", null)]
    public void Given_mountinfo_When_a_directory_is_looked_up_Then_its_mount_type_is_found_with_escapes_undone(string path, string? type)
    {
        Assert.Equal(type, MountTable.TypeAt(path, MountInfo));
    }

    [Fact]
    public void Given_two_mounts_on_one_directory_When_looked_up_Then_the_one_on_top_counts()
    {
        Assert.Equal("tmpfs", MountTable.TypeAt("/dev/dahdi", MountInfo));
        Assert.Equal("fuse.metronome", MountTable.TypeAt("/dev/dahdi", string.Join('\n', MountInfo.Split('\n')[..2])));
    }

    [Fact]
    public void Given_garbage_When_parsed_Then_nothing_is_found_and_nothing_throws()
    {
        Assert.Null(MountTable.TypeAt("/dev", "not a mountinfo line\n\n - \n1 2 3"));
    }
}
