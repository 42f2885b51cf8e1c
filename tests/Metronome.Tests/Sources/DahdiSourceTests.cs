using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Sources;

public class DahdiSourceTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(300)]
    [InlineData(600)]
    public void Given_a_rate_that_is_not_a_whole_dahdi_block_rate_When_opened_Then_it_is_refused_before_the_device_is_touched(int rate)
    {
        var e = Assert.Throws<TickSourceException>(() =>
            DahdiSource.Open(new TickSourceOptions(rate, DahdiDevice: "/nonexistent/pseudo"), MonotonicClock.Instance));

        Assert.Contains($"the rate must divide 8000 and be at most 500 Hz (got {rate}; try --rate 500)", e.Message);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(50)]
    [InlineData(1)]
    public void Given_a_block_rate_When_opened_without_a_device_Then_the_error_is_about_the_device(int rate)
    {
        var e = Assert.Throws<TickSourceException>(() =>
            DahdiSource.Open(new TickSourceOptions(rate, DahdiDevice: "/nonexistent/pseudo"), MonotonicClock.Instance));

        Assert.StartsWith("cannot open /nonexistent/pseudo: No such file or directory", e.Message);
    }

    [Fact]
    public void Given_a_file_that_is_not_a_dahdi_device_When_opened_Then_the_error_names_the_block_size_it_refused()
    {
        var e = Assert.Throws<TickSourceException>(() =>
            DahdiSource.Open(new TickSourceOptions(250, DahdiDevice: "/dev/null"), MonotonicClock.Instance));

        Assert.Equal("/dev/null refused a block size of 32 samples: Inappropriate ioctl for device", e.Message);
    }

    [Fact]
    public void Given_the_registry_When_asked_for_default_rates_Then_dahdi_runs_at_its_block_rate_and_the_rest_at_1_kHz()
    {
        Assert.Equal(500, TickSourceRegistry.DefaultRate(TickSourceKind.Dahdi));
        Assert.Equal(1000, TickSourceRegistry.DefaultRate(TickSourceKind.TimerFd));
        Assert.Equal(1000, TickSourceRegistry.DefaultRate(TickSourceKind.Auto));
    }
}
