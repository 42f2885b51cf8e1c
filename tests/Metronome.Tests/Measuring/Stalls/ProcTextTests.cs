using System.Text;
using Metronome.Tooling.Measuring.Stalls;

namespace Metronome.Tests.Measuring.Stalls;

public class ProcTextTests
{
    [Fact]
    public void Given_a_schedstat_line_When_parsed_Then_its_three_fields_are_read()
    {
        Assert.True(ProcText.TryParseSchedstat("123456789 98765 4321\n"u8, out long run, out long delay, out long slices));
        Assert.Equal((123456789L, 98765L, 4321L), (run, delay, slices));
        Assert.False(ProcText.TryParseSchedstat("123 abc\n"u8, out _, out _, out _));
        Assert.False(ProcText.TryParseSchedstat(""u8, out _, out _, out _));
    }

    [Fact]
    public void Given_proc_stat_When_steal_is_parsed_Then_each_cpu_and_the_aggregate_get_their_8th_value()
    {
        var text = Encoding.ASCII.GetBytes(
            "cpu  10 0 5 100 1 0 0 33 0 0\ncpu0 5 0 2 50 0 0 0 11 0 0\ncpu2 5 0 3 50 1 0 0 22 0 0\nintr 1 2 3\n");
        var steal = new long[3];

        Assert.True(ProcText.TryParseSteal(text, steal, out long total));

        Assert.Equal(33, total);
        Assert.Equal([11L, -1L, 22L], steal);
    }

    [Fact]
    public void Given_a_buffer_that_cut_the_last_cpu_line_When_parsed_Then_that_line_is_not_trusted()
    {
        var text = "cpu  10 0 5 100 1 0 0 33 0 0\ncpu0 5 0 2 50 0 0 0 1"u8;
        var steal = new long[1];

        Assert.True(ProcText.TryParseSteal(text, steal, out long total));
        Assert.Equal((33L, -1L), (total, steal[0]));
    }

    [Fact]
    public void Given_an_old_kernel_line_without_steal_When_parsed_Then_nothing_is_taken_from_it()
    {
        var steal = new long[1];
        Assert.False(ProcText.TryParseSteal("cpu  10 0 5 100\ncpu0 5 0 2 50\n"u8, steal, out long total));
        Assert.Equal(-1, total);
    }
}

public class StallJsonTests
{
    [Fact]
    public void Given_a_stall_with_unreadable_evidence_When_written_Then_the_line_carries_nulls_not_guesses()
    {
        var stall = new Stall(new DateTimeOffset(2026, 11, 25, 12, 0, 1, TimeSpan.Zero).AddTicks(1234560), 42, 3_000_000, 2, -1, StallCause.Unexplained, -1, 0, 3_100_000);

        Assert.Equal(
            """{"schemaVersion":1,"at":"2026-11-25T12:00:01.123456Z","tick":42,"latenessNs":3000000,"missedTicks":2,"cpu":null,"cause":"unexplained","runDelayNs":null,"stealNs":0,"windowNs":3100000,"gcCollections":0}""",
            StallJson.ToLine(stall));
    }
}
