using Metronome.Timing.Linux;
using Metronome.Tooling.Monitoring;

namespace Metronome.Tests.Monitoring;

public unsafe class MetricsPageTests
{
    [Fact]
    public void Given_a_publication_When_read_Then_every_field_comes_back()
    {
        using var page = MetricsPage.Create();
        var snapshot = new MetricsSnapshot { Ticks = 1000, MissedTicks = 2, Wakeups = 998, LastPassScore = 99.95, BlocksLost = 4 };
        snapshot.LatenessCounts[MetricsSnapshot.LatenessSlots - 1] = 5;
        snapshot.Stalls[MetricsSnapshot.CauseSlots - 1] = 6;

        page.Publish(snapshot);
        var read = page.Read();

        Assert.Equal((1000L, 2L, 998L, 99.95, 4L), (read.Ticks, read.MissedTicks, read.Wakeups, read.LastPassScore, read.BlocksLost));
        Assert.Equal(5, read.LatenessCounts[MetricsSnapshot.LatenessSlots - 1]);
        Assert.Equal(6, read.Stalls[MetricsSnapshot.CauseSlots - 1]);
    }

    [Fact]
    public void Given_worst_latenesses_raised_When_taken_twice_Then_the_first_take_has_the_largest_and_the_second_0()
    {
        using var page = MetricsPage.Create();
        page.RaiseWorst(300);
        page.RaiseWorst(5_000);
        page.RaiseWorst(40);

        Assert.Equal(5_000, page.TakeWorst());
        Assert.Equal(0, page.TakeWorst());
    }

    [Fact]
    public void Given_a_slot_per_exported_bucket_When_counted_Then_the_page_has_one_per_bound_and_per_cause_plus_inf()
    {
        Assert.Equal(MetricsSnapshot.LatenessSlots, TickMetrics.LatenessBuckets.Length + 1);
        Assert.Equal(MetricsSnapshot.CauseSlots, Enum.GetValues<Metronome.Tooling.Measuring.Stalls.StallCause>().Length);
        Assert.Equal(0, MetricsPublisher.SlotOf(0.0000105 - 0.000001));
        Assert.Equal(6, MetricsPublisher.SlotOf(0.0009995));
        Assert.Equal(7, MetricsPublisher.SlotOf(0.0010005));
        Assert.Equal(13, MetricsPublisher.SlotOf(0.25));
    }

    [Fact]
    public void Given_a_writer_publishing_as_fast_as_it_can_When_read_meanwhile_Then_no_copy_is_torn()
    {
        using var page = MetricsPage.Create();
        int done = 0;
        var writer = new Thread(() =>
        {
            var snapshot = new MetricsSnapshot();
            for (long n = 1; Volatile.Read(ref done) == 0; n++)
            {
                snapshot.Ticks = snapshot.Wakeups = snapshot.BlocksLost = n;
                snapshot.LatenessCounts[MetricsSnapshot.LatenessSlots - 1] = n;
                page.Publish(snapshot);
                // A pause between publications, as the real publisher's 200 ms (much shorter here): a
                // writer that never pauses would starve a sequence-lock reader, by design of the lock.
                Thread.SpinWait(200);
            }
        }) { IsBackground = true };
        writer.Start();

        int torn = 0, changes = 0;
        long last = 0;
        try
        {
            // Until a thousand publications have been seen mid-stream (or 5 s on a starved machine).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (changes < 1000 && clock.ElapsedMilliseconds < 5000)
            {
                var read = page.Read();
                if (read.Wakeups != read.Ticks || read.BlocksLost != read.Ticks || read.LatenessCounts[MetricsSnapshot.LatenessSlots - 1] != read.Ticks) torn++;
                Assert.True(read.Ticks >= last, $"went back from {last} to {read.Ticks}");
                if (read.Ticks != last) changes++;
                last = read.Ticks;
            }
        }
        finally
        {
            Volatile.Write(ref done, 1);
            writer.Join();
        }

        Assert.Equal(0, torn);
        // The reads overlapped the writes (else the test proved nothing).
        Assert.True(changes >= 1000, $"only {changes} publications seen");
    }

    [Fact]
    public void Given_memory_of_the_right_size_without_the_mark_When_opened_Then_it_is_refused_as_another_version()
    {
        int fd = LibC.MemfdCreate("not-a-page", 0);
        Assert.True(fd >= 0);
        Assert.Equal(0, LibC.FTruncate(fd, 64 + sizeof(MetricsSnapshot)));

        var e = Assert.Throws<IOException>(() => MetricsPage.Open(fd));

        Assert.Equal($"descriptor {fd} is not a metrics page of this version of Metronome", e.Message);
    }

    [Fact]
    public void Given_a_descriptor_that_is_not_a_page_When_opened_Then_it_is_refused_with_a_reason()
    {
        string file = Path.GetTempFileName();
        try
        {
            int fd = LibC.Open(file, LibC.O_RDWR | LibC.O_CLOEXEC);
            Assert.True(fd >= 0);
            var e = Assert.Throws<IOException>(() => MetricsPage.Open(fd));
            LibC.Close(fd);
            Assert.Equal($"descriptor {fd} is not a metrics page", e.Message);
            Assert.Equal("descriptor -1 is not a metrics page", Assert.Throws<IOException>(() => MetricsPage.Open(-1)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
