using System.Diagnostics;
using Metronome.Tooling.Dahdi;
using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Linux;
using Xunit.Abstractions;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>
/// `metronome dahdi` mounted for real, used by the real dahdi_test and by clients that make
/// res_timing_dahdi's and chan_dahdi's calls. Bounds are loose: they check behaviour, not precision.
/// </summary>
public sealed class DahdiDeviceTests(ITestOutputHelper testOutput) : IDisposable
{
    private const int BytesPerSecond = 8000;
    private const double MinAverage = 99.5;
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_metronome_dahdi_on_dev_dahdi_When_the_real_dahdi_test_runs_5_seconds_Then_it_passes_4_or_5_times_averaging_at_least_99_5()
    {
        bool existed = Directory.Exists(RealDahdi.StandardMountPoint);
        using var server = DahdiServerProcess.Start(RealDahdi.StandardMountPoint);

        // A behaviour bound, not the host's quality (bench/dahdi-test.sh measures that): a device that drops,
        // repeats or mis-sizes blocks scores far lower, while this noisy guest's vCPU stalls of tens of
        // milliseconds cost a 5-pass run up to a few tenths (a CI run saw 99.82-99.86 at 99.9).
        var ((code, output), _, log) = HostNoise.Retry(() => DahdiTestTool.Run(5),
            run => run.Code == 0 && DahdiTestTool.Average(run.Stdout) >= MinAverage, run => run.Stdout, testOutput);
        var (stopCode, final) = server.Stop("INT");

        Assert.Equal(0, code);
        Assert.Contains("Opened pseudo dahdi interface, measuring accuracy...", output);
        var (passes, average) = DahdiTestTool.Summary(output);
        Assert.InRange(passes, 4, 5);
        Assert.True(average >= MinAverage, $"dahdi_test average {average}; the server: {final}\n{log}");
        Assert.Contains("Cumulative Accuracy (not per pass): ", output);
        Assert.Equal(0, stopCode);
        Assert.DoesNotContain("the kernel refused", server.Process.Stderr); // every reply was well-formed
        Assert.False(DahdiServerProcess.IsMounted(RealDahdi.StandardMountPoint), "still mounted after SIGINT");
        Assert.Equal(existed, Directory.Exists(RealDahdi.StandardMountPoint)); // a directory it created is removed
    }

    [Fact]
    public void Given_a_timer_configured_for_160_samples_When_polled_for_two_seconds_Then_it_expires_50_times_a_second()
    {
        using var server = DahdiServerProcess.Start(_dir);
        int events = 0;
        Stopwatch clock;
        using (var timer = new DeviceFile(server.Timer))
        {
            timer.Ioctl(DahdiIoctl.TimerConfig, 160);
            clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                if ((timer.Poll(LibC.POLLPRI, 100) & LibC.POLLPRI) == 0) continue;
                Assert.Equal(DahdiIoctl.EventTimerExpired, timer.Ioctl(DahdiIoctl.GetEvent));
                timer.Ioctl(DahdiIoctl.TimerAck, 1);
                events++;
            }
        }
        double perSecond = events / clock.Elapsed.TotalSeconds;
        var (code, _) = server.Stop();

        Assert.InRange(perSecond, 45, 55);
        Assert.Equal(0, code);
        Assert.DoesNotContain("the kernel refused", server.Process.Stderr);
    }

    [Fact]
    public void Given_a_timer_When_pinged_Then_poll_reports_it_getevent_says_ping_and_pong_clears_it()
    {
        using var server = DahdiServerProcess.Start(_dir);
        using (var timer = new DeviceFile(server.Timer))
        {
            Assert.Equal(0, timer.Poll(LibC.POLLPRI, 50));

            timer.Ioctl(DahdiIoctl.TimerPing);

            Assert.Equal(LibC.POLLPRI, timer.Poll(LibC.POLLPRI, 1000) & LibC.POLLPRI);
            Assert.Equal(DahdiIoctl.EventTimerPing, timer.Ioctl(DahdiIoctl.GetEvent));
            timer.Ioctl(DahdiIoctl.TimerPong);
            Assert.Equal(DahdiIoctl.EventNone, timer.Ioctl(DahdiIoctl.GetEvent));
            Assert.Equal(LibC.ENOTTY, timer.IoctlError(DahdiIoctl.SetBlockSize, 160));
        }
        Assert.Equal(0, server.Stop().Code);
    }

    [Fact]
    public void Given_two_pseudo_readers_When_both_read_for_three_seconds_Then_each_gets_the_full_stream_and_nothing_is_lost() =>
        AssertTwoReadersGetTheFullStream();

    [MultiCpuFact]
    public void Given_a_tick_thread_on_each_of_two_cpus_When_two_readers_read_for_three_seconds_Then_no_block_is_delivered_twice_or_lost()
    {
        var cpus = CpuList.Allowed();
        AssertTwoReadersGetTheFullStream("--source", "nanosleep", "--cpu", CpuList.Format(cpus.Take(2)));
    }

    private void AssertTwoReadersGetTheFullStream(params string[] serverOptions)
    {
        using var server = DahdiServerProcess.Start(_dir, serverOptions);
        using var first = new DeviceFile(server.Pseudo);
        using var second = new DeviceFile(server.Pseudo);

        var readers = new[] { first, second }.Select(f => new BackgroundReader(f, TimeSpan.FromSeconds(3))).ToArray();
        Assert.All(readers, r => Assert.True(r.Join(TimeSpan.FromSeconds(20)), "a reader hung"));
        first.Dispose();
        second.Dispose();
        var (code, final) = server.Stop();

        foreach (var reader in readers)
        {
            var reads = reader.Reads;
            Assert.All(reads, r => Assert.Equal(DahdiWire.DefaultBlockSize, r.Bytes));
            AssertFullStream(reads);
        }
        Assert.Equal(0, code);
        Assert.Equal(0, DahdiServerProcess.LostBlocks(final));
    }

    [Fact]
    public void Given_a_reader_that_stops_for_a_second_When_the_other_keeps_reading_Then_only_the_stalled_one_loses_data()
    {
        using var server = DahdiServerProcess.Start(_dir);
        using var steady = new DeviceFile(server.Pseudo);
        using var stalled = new DeviceFile(server.Pseudo);

        var steadyReader = new BackgroundReader(steady, TimeSpan.FromSeconds(3));
        var buffer = new byte[8192];
        int stalledBytes = stalled.Read(buffer);
        Thread.Sleep(TimeSpan.FromSeconds(1.2));
        var resumed = Stopwatch.StartNew();
        stalledBytes += stalled.Read(buffer) + stalled.Read(buffer); // the two buffered blocks
        var buffered = resumed.Elapsed;
        stalled.Dispose();
        Assert.True(steadyReader.Join(TimeSpan.FromSeconds(20)), "the steady reader hung");
        steady.Dispose();
        var (code, final) = server.Stop();

        var reads = steadyReader.Reads;
        AssertFullStream(reads);
        var gaps = reads.Zip(reads.Skip(1), (a, b) => b.At - a.At);
        Assert.True(gaps.Max() < TimeSpan.FromMilliseconds(500), $"the steady reader waited {gaps.Max().TotalMilliseconds} ms for a 128 ms block");
        Assert.True(buffered < TimeSpan.FromMilliseconds(100), $"the two kept blocks took {buffered.TotalMilliseconds} ms: they were not buffered");
        Assert.Equal(3 * DahdiWire.DefaultBlockSize, stalledBytes);
        Assert.InRange(DahdiServerProcess.LostBlocks(final), 5, 12); // 1.2 s is 9.4 blocks; 2 kept
        Assert.Equal(0, code);
    }

    [Fact]
    public void Given_a_pseudo_channel_When_chan_dahdi_sets_160_samples_Then_reads_return_160_writes_are_discarded_and_it_cannot_seek()
    {
        using var server = DahdiServerProcess.Start(_dir);
        using (var pseudo = new DeviceFile(server.Pseudo))
        {
            pseudo.Ioctl(DahdiIoctl.SetBlockSize, 160);

            Assert.Equal(160, pseudo.Ioctl(DahdiIoctl.GetBlockSize));
            Assert.Equal(160, pseudo.Read(new byte[8192]));
            Assert.Equal(LibC.EINVAL, pseudo.IoctlError(DahdiIoctl.SetBlockSize, 8));
            Assert.Equal(LibC.ENOTTY, pseudo.IoctlError(DahdiIoctl.TimerConfig, 160));
            Assert.Equal(500, pseudo.Write(new byte[500]));
            Assert.Equal(29 /* ESPIPE */, pseudo.SeekError());
        }
        Assert.Equal(["pseudo", "timer"], Directory.GetFileSystemEntries(server.MountPoint).Select(Path.GetFileName).Order());
        Assert.Equal(0, server.Stop().Code);
    }

    [Fact]
    public void Given_a_server_When_running_Then_its_tick_thread_and_the_thread_that_takes_reads_from_the_kernel_are_both_SCHED_FIFO()
    {
        using var server = DahdiServerProcess.Start(_dir);

        // The keeper's serving process (its child) holds the tick thread and the request threads (metronome-fuse-N).
        var processes = Directory.GetDirectories($"/proc/{server.Process.Id}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Prepend(server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var policies = processes.SelectMany(pid => Directory.GetDirectories($"/proc/{pid}/task"))
            .Select(task => (Name: File.ReadAllText(Path.Combine(task, "comm")).Trim(), Stat: File.ReadAllText(Path.Combine(task, "stat"))))
            .Select(t => (Name: t.Name.StartsWith("metronome-fuse", StringComparison.Ordinal) ? "metronome-fuse" : t.Name, t.Stat))
            .Where(t => t.Name is "metronome-tick" or "metronome-fuse")
            .DistinctBy(t => t.Name)
            // stat field 41 is the policy; the fields after the ")" that ends the name start at 3.
            .ToDictionary(t => t.Name, t => int.Parse(t.Stat[(t.Stat.LastIndexOf(')') + 2)..].Split(' ')[41 - 3], System.Globalization.CultureInfo.InvariantCulture));
        server.Stop();

        Assert.Equal(new Dictionary<string, int> { ["metronome-tick"] = LibC.SCHED_FIFO, ["metronome-fuse"] = LibC.SCHED_FIFO }, policies);
    }

    /// <summary>From the first read's return to the last's, 8000 bytes a second arrived, give or take the two buffered blocks.</summary>
    private static void AssertFullStream(List<(TimeSpan At, int Bytes)> reads)
    {
        double seconds = (reads[^1].At - reads[0].At).TotalSeconds;
        long after = reads.Skip(1).Sum(r => (long)r.Bytes);
        Assert.InRange(after, BytesPerSecond * seconds - 2 * 1024, BytesPerSecond * seconds + 2 * 1024);
    }
}
