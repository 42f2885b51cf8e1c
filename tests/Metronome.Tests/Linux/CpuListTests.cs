using Metronome.Timing.Linux;

namespace Metronome.Tests.Linux;

public class CpuListTests
{
    [Theory]
    [InlineData("3", new[] { 3 })]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData("1,0", new[] { 1, 0 })] // the order says which is the primary
    [InlineData("0-3,6", new[] { 0, 1, 2, 3, 6 })]
    [InlineData(" 2 , 4-5 ", new[] { 2, 4, 5 })]
    public void Given_a_cpu_list_When_parsed_Then_the_cpus_come_in_the_order_given(string text, int[] expected)
    {
        Assert.Equal(expected, CpuList.TryParse(text, out string? error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("0,")]
    [InlineData("-1")]
    [InlineData("3-1")]
    [InlineData("1024")]
    [InlineData("0-2000")]
    [InlineData("1.5")]
    public void Given_a_bad_cpu_list_When_parsed_Then_one_line_says_what_it_takes(string text)
    {
        Assert.Null(CpuList.TryParse(text, out string? error));
        Assert.Equal($"--cpu takes a CPU number 0..1023, a list such as 0,1 or 0-3, or all (got '{text}')", error);
    }

    [Theory]
    [InlineData("0,0", 0)]
    [InlineData("1,1", 1)]
    [InlineData("0-3,2", 2)]
    public void Given_a_cpu_listed_twice_When_parsed_Then_the_line_names_that_cpu(string text, int twice)
    {
        Assert.Null(CpuList.TryParse(text, out string? error));
        Assert.Equal($"--cpu {text} lists CPU {twice} twice", error);
    }

    [Fact]
    public void Given_all_When_parsed_Then_it_is_every_cpu_this_process_may_run_on()
    {
        var all = CpuList.TryParse("all", out _);

        Assert.NotNull(all);
        Assert.Equal(CpuList.Allowed(), all);
        Assert.NotEmpty(all);
    }
}
