using Metronome.Tooling.Dahdi;

namespace Metronome.Tests.Dahdi;

public sealed class DahdiMountPointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metronome-mp-").FullName;
    private readonly List<string> _notes = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string? NotMounted(string _) => null;

    private static string? NoDahdi(string _) => null;

    [Fact]
    public void Given_a_missing_directory_When_prepared_Then_it_is_created_and_removed_again_on_dispose()
    {
        string path = Path.Combine(_root, "dahdi");

        using (var point = DahdiMountPoint.Prepare(path, force: false, _notes, NotMounted, NoDahdi))
        {
            Assert.Equal(path, point.Path);
            Assert.True(Directory.Exists(path));
        }

        Assert.False(Directory.Exists(path));
        Assert.Empty(_notes);
    }

    [Fact]
    public void Given_a_directory_whose_parent_is_missing_When_prepared_Then_it_says_why_in_the_systems_words()
    {
        string path = Path.Combine(_root, "no-such-parent", "dahdi");

        var e = Assert.Throws<DahdiException>(() => DahdiMountPoint.Prepare(path, false, _notes, NotMounted, NoDahdi));

        Assert.Equal($"cannot create {path}: No such file or directory", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, "no-such-parent")));
    }

    [Fact]
    public void Given_an_existing_directory_When_prepared_and_disposed_Then_it_is_left_where_it_was()
    {
        using (DahdiMountPoint.Prepare(_root + "/", force: false, _notes, NotMounted, NoDahdi)) { }

        Assert.True(Directory.Exists(_root));
    }

    [Fact]
    public void Given_evidence_of_a_real_dahdi_When_prepared_Then_it_refuses_naming_the_evidence_unless_forced()
    {
        var e = Assert.Throws<DahdiException>(() => DahdiMountPoint.Prepare(_root, false, _notes, NotMounted, _ => "the dahdi kernel module is loaded"));

        Assert.Equal($"refusing to mount over a real DAHDI on {_root}: the dahdi kernel module is loaded (--force mounts over it)", e.Message);
        DahdiMountPoint.Prepare(_root, true, _notes, NotMounted, _ => "the dahdi kernel module is loaded").Dispose();
    }

    [Fact]
    public void Given_another_mount_on_the_directory_When_prepared_Then_it_refuses_unless_forced()
    {
        var e = Assert.Throws<DahdiException>(() => DahdiMountPoint.Prepare(_root, false, _notes, _ => "tmpfs", NoDahdi));

        Assert.Equal($"{_root} is already a mount point (tmpfs) (--force mounts over it)", e.Message);
        DahdiMountPoint.Prepare(_root, true, _notes, _ => "tmpfs", NoDahdi).Dispose();
    }

    [Fact]
    public void Given_another_metronome_serving_the_directory_When_prepared_even_with_force_Then_it_refuses()
    {
        var e = Assert.Throws<DahdiException>(() => DahdiMountPoint.Prepare(_root, true, _notes, _ => "fuse.metronome", NoDahdi));

        Assert.Equal($"{_root} is already served by another metronome dahdi; stop that one first", e.Message);
    }

    [Fact]
    public void Given_a_file_where_the_directory_should_be_When_prepared_Then_it_says_so()
    {
        string file = Path.Combine(_root, "dahdi");
        File.WriteAllText(file, "");

        var e = Assert.Throws<DahdiException>(() => DahdiMountPoint.Prepare(file, true, _notes, NotMounted, NoDahdi));

        Assert.Equal($"{file} exists and is not a directory", e.Message);
    }

    [Fact]
    public void Given_the_root_directory_When_prepared_Then_it_refuses()
    {
        Assert.Throws<DahdiException>(() => DahdiMountPoint.Prepare("/", true, _notes, NotMounted, NoDahdi));
    }
}
