using Metronome.Tooling.Load;

namespace Metronome.Tests.Load;

public class LoadSpecTests
{
    [Fact]
    public void Given_a_profile_When_parsed_Then_every_kind_and_the_buffer_size_are_read()
    {
        var spec = LoadSpec.Parse("cpu=2,memory=1,io=1,switch=3,memory-bytes=64M");

        Assert.Equal(new LoadProfile(2, 1, 1, 3, 64L << 20), spec.Profile);
        Assert.Null(spec.Command);
        Assert.Equal(["--cpu=2", "--memory=1", "--memory-bytes=67108864", "--io=1", "--switch=3"], spec.Profile!.ToArguments());
    }

    [Fact]
    public void Given_a_program_When_parsed_Then_it_is_a_command_to_run() =>
        Assert.Equal(["stress-ng", "--cpu", "2"], LoadSpec.Parse("stress-ng --cpu 2").Command);

    [Theory]
    [InlineData("cpu=x", "bad --load part 'cpu=x': cpu takes a count from 0 to 256")]
    [InlineData("cpu=2,gpu=1", "bad --load part 'gpu=1': unknown kind 'gpu' (known: cpu, memory, io, switch, memory-bytes)")]
    [InlineData("cpu=2,memory-bytes=lots", "bad --load part 'memory-bytes=lots': memory-bytes takes a size such as 256M or 1G")]
    [InlineData("cpu=0", "bad --load 'cpu=0': it asks for no workers")]
    [InlineData("cpu=2 io=1", "bad --load part 'io=1': a load spec is one word, e.g. cpu=2,memory=1")]
    public void Given_a_bad_spec_When_parsed_Then_the_message_names_the_bad_part(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => LoadSpec.Parse(spec)).Message);

    [Theory]
    [InlineData("4096", 4096L)]
    [InlineData("64K", 65536L)]
    [InlineData("1G", 1L << 30)]
    [InlineData("0", null)]
    [InlineData("1T", null)]
    public void Sizes_take_K_M_G_suffixes(string text, long? expected) => Assert.Equal(expected, LoadSpec.ParseSize(text));
}
