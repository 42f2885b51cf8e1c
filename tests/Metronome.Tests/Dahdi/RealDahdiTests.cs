using Metronome.Tooling.Dahdi;
using Metronome.Timing.Linux;

namespace Metronome.Tests.Dahdi;

public sealed class RealDahdiTests : IDisposable
{
    private readonly string _sys = Directory.CreateTempSubdirectory("metronome-sys-").FullName;

    public void Dispose() => Directory.Delete(_sys, recursive: true);

    [Fact]
    public void Given_the_dahdi_module_loaded_When_dev_dahdi_is_checked_Then_the_module_is_the_evidence()
    {
        Directory.CreateDirectory(Path.Combine(_sys, "dahdi"));

        Assert.Equal("the dahdi kernel module is loaded", RealDahdi.Evidence(RealDahdi.StandardMountPoint, _sys));
    }

    [Fact]
    public void Given_the_dahdi_module_loaded_When_another_directory_is_checked_Then_nothing_there_is_shadowed()
    {
        Directory.CreateDirectory(Path.Combine(_sys, "dahdi"));
        var other = Directory.CreateDirectory(Path.Combine(_sys, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(other, "pseudo"), "a regular file is not a device");

        Assert.Null(RealDahdi.Evidence(other, _sys));
    }

    [Fact]
    public void Given_a_directory_with_character_devices_When_checked_Then_the_device_is_the_evidence()
    {
        Assert.Matches("^/dev/[^ ]+ is a character device$", RealDahdi.Evidence("/dev", _sys));
        Assert.True(FileType.IsCharacterDevice("/dev/null"));
        Assert.False(FileType.IsCharacterDevice(_sys));
    }
}
