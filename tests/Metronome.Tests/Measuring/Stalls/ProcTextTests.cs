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
