using System.Text;
using Metronome.Timing.Linux;

namespace Metronome.Tests.Linux;

public class ProcStatTests
{
    /// <summary>The start of a real /proc/stat (a 2-CPU KVM guest), as the kernel writes it.</summary>
    private const string Stat =
        "cpu  2614 0 1223 36928 265 0 20 16 0 0\ncpu0 1307 0 611 18464 132 0 10 11 0 0\ncpu1 1307 0 612 18464 133 0 10 5 0 0\n" +
        "intr 114930548 113199788 3 0 5 263\nctxt 1990473\nbtime 1795616717\nprocesses 7676\n";

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Given_proc_stat_When_its_aggregate_is_read_Then_steal_is_the_eighth_value()
    {
        Assert.Equal(new CpuTimes(2614, 0, 1223, 36928, 265, 0, 20, 16), ProcStat.Aggregate(Bytes(Stat)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cpu0 1 2 3 4 5 6 7 8\n")]
    [InlineData("cpu  1 2 3\n")]
    [InlineData("cpu  1 2 x 4 5 6 7 8\n")]
    [InlineData("cpu  1 2 3 4 5 6 7 -8\n")]
    [InlineData("cpu  1 2 3 4 5 6 7 8")]
    public void Given_anything_but_a_whole_aggregate_line_first_When_read_Then_it_is_null(string text) =>
        Assert.Null(ProcStat.Aggregate(Bytes(text)));

    [Fact]
    public void Given_proc_stat_When_steal_is_parsed_Then_each_cpu_and_the_aggregate_get_their_8th_value()
    {
        var text = Bytes("cpu  10 0 5 100 1 0 0 33 0 0\ncpu0 5 0 2 50 0 0 0 11 0 0\ncpu2 5 0 3 50 1 0 0 22 0 0\nintr 1 2 3\n");
        var steal = new long[3];

        Assert.True(ProcStat.TryParseSteal(text, steal, out long total));

        Assert.Equal(33, total);
        Assert.Equal([11L, -1L, 22L], steal);
    }

    [Fact]
    public void Given_a_buffer_that_cut_the_last_cpu_line_When_parsed_Then_that_line_is_not_trusted()
    {
        var text = "cpu  10 0 5 100 1 0 0 33 0 0\ncpu0 5 0 2 50 0 0 0 1"u8;
        var steal = new long[1];

        Assert.True(ProcStat.TryParseSteal(text, steal, out long total));
        Assert.Equal((33L, -1L), (total, steal[0]));
    }

    [Fact]
    public void Given_an_old_kernel_line_without_steal_When_parsed_Then_nothing_is_taken_from_it()
    {
        var steal = new long[1];
        Assert.False(ProcStat.TryParseSteal("cpu  10 0 5 100\ncpu0 5 0 2 50\n"u8, steal, out long total));
        Assert.Equal(-1, total);
    }

    [Fact]
    public void Given_proc_stat_When_the_boot_time_is_read_Then_it_is_the_btime_line()
    {
        Assert.Equal(1795616717, ProcStat.BootTime(Bytes(Stat)));
        Assert.Null(ProcStat.BootTime(Bytes("cpu  1 2 3 4 5 6 7 8\nbtime x\n")));
    }

    [Fact]
    public void Given_proc_stat_When_parsed_Then_nothing_is_allocated()
    {
        var text = Bytes(Stat);
        Span<long> steal = stackalloc long[2];
        for (int i = 0; i < 300; i++) ProcStat.TryParseSteal(text, steal, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            ProcStat.Aggregate(text);
            ProcStat.TryParseSteal(text, steal, out _);
            ProcStat.BootTime(text);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
