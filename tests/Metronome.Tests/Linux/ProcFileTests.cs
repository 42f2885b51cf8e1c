using Metronome.Timing.Linux;

namespace Metronome.Tests.Linux;

/// <summary>/proc/PID/stat and /proc/PID/limits, as the kernel writes them.</summary>
public class ProcFileTests
{
    private const string Limits =
        "Limit                     Soft Limit           Hard Limit           Units     \n" +
        "Max open files            20000                524288               files     \n" +
        "Max locked memory         unlimited            unlimited            bytes     \n" +
        "Max realtime priority     0                    0                              \n";

    [Theory]
    [InlineData("Max open files", "20000")]
    [InlineData("Max locked memory", "unlimited")]
    [InlineData("Max realtime priority", "0")]
    [InlineData("Max nice priority", null)]
    public void Given_proc_limits_When_a_row_is_read_Then_its_soft_limit_is_given(string row, string? soft) =>
        Assert.Equal(soft, ProcLimits.Soft(Limits, row));

    [Fact]
    public void Given_a_garbled_limits_row_When_read_Then_it_is_null() =>
        Assert.Null(ProcLimits.Soft("Max open files            lots                 524288               files\n", "Max open files"));

    [Fact]
    public void Given_the_stat_line_of_a_process_whose_name_holds_spaces_and_parentheses_When_parsed_Then_fields_are_counted_after_the_name()
    {
        var stat = ProcessStat.Parse(
            "4242 (metronome (x) y) S 1 4242 4242 0 -1 4194560 2000 0 0 0 1234 567 0 0 -2 0 9 0 1078454 3133440 393 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 81 1 0 0 0 0 0 0 0 0 0 0 0\n");

        Assert.Equal(new ProcessStat(1234, 567, 9, 1078454, 3133440, 393), stat);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (metronome) S 1 4242")]
    [InlineData("4242 metronome S 1 4242 4242 0 -1 4194560 2000 0 0 0 1234 567 0 0 -2 0 9 0 1078454 3133440 393")]
    public void Given_anything_else_When_parsed_as_a_stat_line_Then_it_is_null(string text) => Assert.Null(ProcessStat.Parse(text));
}
