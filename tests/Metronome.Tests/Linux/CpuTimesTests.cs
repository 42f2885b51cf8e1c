using Metronome.Timing.Linux;

namespace Metronome.Tests.Linux;

public class CpuTimesTests
{
    [Fact]
    public void Given_this_host_When_read_every_second_for_a_month_Then_a_reading_allocates_nothing()
    {
        // Warm up past the JIT's tiering (a method promoted mid-measurement may allocate on the caller's thread).
        for (int i = 0; i < 300; i++) Assert.NotNull(CpuTimes.Read());

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Assert.NotNull(CpuTimes.Read());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Given_a_stat_file_whose_first_line_is_the_aggregate_When_read_Then_it_is_parsed_from_the_file()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "cpu  2614 0 1223 36928 265 0 20 16 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nbtime 1795616717\n");

            var t = CpuTimes.Read(System.Text.Encoding.UTF8.GetBytes(file + "\0"));

            Assert.Equal(new CpuTimes(2614, 0, 1223, 36928, 265, 0, 20, 16), t);
            File.WriteAllText(file, "cpu  " + string.Join(' ', Enumerable.Repeat("123456789012", 30)));
            Assert.Null(CpuTimes.Read(System.Text.Encoding.UTF8.GetBytes(file + "\0")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Given_two_readings_When_compared_Then_steal_is_its_share_of_all_cpu_time()
    {
        var before = new CpuTimes(100, 0, 100, 700, 0, 0, 0, 100);
        var after = new CpuTimes(150, 0, 150, 1500, 0, 0, 0, 200); // +1000 ticks in all, +100 stolen

        Assert.Equal(10.0, CpuTimes.StealPercent(before, after)!.Value, precision: 9);
        Assert.Null(CpuTimes.StealPercent(before, before));
    }

    [Fact]
    public void Given_two_readings_When_compared_Then_busy_is_everything_but_idle_and_iowait()
    {
        var before = new CpuTimes(100, 0, 100, 700, 0, 0, 0, 100);
        var after = new CpuTimes(150, 0, 150, 1500, 0, 0, 0, 200); // +1000 ticks in all, +800 idle

        Assert.Equal(20.0, CpuTimes.BusyPercent(before, after)!.Value, precision: 9);
    }

    [Fact]
    public void Given_a_missing_reading_When_compared_Then_there_is_no_figure()
    {
        var reading = new CpuTimes(100, 0, 100, 700, 0, 0, 0, 100);

        Assert.Null(CpuTimes.StealPercent(null, reading));
        Assert.Null(CpuTimes.BusyPercent(reading, null));
    }
}
