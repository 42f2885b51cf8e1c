using Metronome.Tests.Fakes;
using Metronome.Tooling.Dahdi;

namespace Metronome.Tests.Dahdi;

/// <summary>The load report `metronome dahdi` writes every window and the doctor reads: its text, its derived figures, its file.</summary>
public sealed class DahdiLoadReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-load-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly DahdiLoadReport TwoHundredChannels = new(4242, 1, 2, 5.0, 200_000, 3.2);

    [Fact]
    public void Given_a_report_When_formatted_Then_it_is_one_key_and_value_a_line_and_reads_back_the_same()
    {
        string text = TwoHundredChannels.Format();

        Assert.Equal("""
            # metronome dahdi: the requests served over the last window (docs/dahdi.md)
            pid 4242
            request-threads 1
            cpus 2
            window-seconds 5.000
            requests 200000
            request-cpu-seconds 3.20

            """.ReplaceLineEndings("\n"), text);
        Assert.Equal(TwoHundredChannels, DahdiLoadReport.Parse(text));
    }

    [Fact]
    public void Given_a_report_When_its_figures_are_derived_Then_the_ceiling_is_the_threads_that_can_run_over_the_cost_per_request()
    {
        Assert.Equal(40_000, TwoHundredChannels.RequestsPerSecond);
        Assert.Equal(16.0, TwoHundredChannels.CpuPerRequestUs!.Value, 9);
        Assert.Equal(62_500, TwoHundredChannels.CeilingPerSecond!.Value, 6);
        Assert.Equal(0.64, TwoHundredChannels.Utilization!.Value, 9);
        // Four request threads on two CPUs: only two run at once.
        Assert.Equal(125_000, (TwoHundredChannels with { RequestThreads = 4 }).CeilingPerSecond!.Value, 6);
        // Less CPU than /proc's ticks can measure: no cost, no ceiling.
        var light = TwoHundredChannels with { Requests = 1_000, RequestCpuSeconds = 0.19 };
        Assert.Null(light.CpuPerRequestUs);
        Assert.Null(light.CeilingPerSecond);
        Assert.Null(light.CeilingText);
    }

    [Theory]
    [InlineData("pid 1\nrequest-threads 1\ncpus 2\nwindow-seconds 5\nrequests 10\n")]                        // a field missing
    [InlineData("pid 1\nrequest-threads 1\ncpus 2\nwindow-seconds 0\nrequests 10\nrequest-cpu-seconds 1\n")]  // an empty window
    [InlineData("pid 1\nrequest-threads 0\ncpus 2\nwindow-seconds 5\nrequests 10\nrequest-cpu-seconds 1\n")]  // no request thread
    [InlineData("pid 1\nrequest-threads 1\ncpus 2\nwindow-seconds 5\nrequests -3\nrequest-cpu-seconds 1\n")]  // a negative count
    [InlineData("<html>not a report</html>")]
    public void Given_text_that_is_not_a_whole_report_When_parsed_Then_there_is_no_report(string text) =>
        Assert.Null(DahdiLoadReport.Parse(text));

    [Theory]
    [InlineData("/dev/dahdi", "dev-dahdi.load")]
    [InlineData("/tmp/metronome-x/dahdi", @"tmp-metronome\x2dx-dahdi.load")]
    [InlineData("/srv/.hidden/dahdi", @"srv-.hidden-dahdi.load")]
    [InlineData("/.dahdi", @"\x2edahdi.load")]
    public void Given_a_mount_point_When_its_report_is_named_Then_the_name_is_the_path_escaped_as_systemd_escapes_it(string mount, string name) =>
        Assert.Equal(name, DahdiLoadFile.Name(mount));

    [Fact]
    public void Given_a_report_file_When_written_twice_and_removed_Then_it_holds_the_last_report_whole_and_then_is_gone()
    {
        var file = DahdiLoadFile.For("/dev/dahdi", Path.Combine(_dir, "run"));

        file.Write(TwoHundredChannels);
        file.Write(TwoHundredChannels with { Requests = 7 });

        Assert.Equal(7, DahdiLoadReport.Parse(File.ReadAllText(file.Path))!.Requests);
        Assert.Equal(["dev-dahdi.load"], Directory.GetFiles(Path.Combine(_dir, "run")).Select(Path.GetFileName));
        file.Remove();
        Assert.False(File.Exists(file.Path));
        file.Remove(); // and again: nothing there, nothing thrown
    }

    [Fact]
    public void Given_running_totals_When_sampled_each_window_Then_each_report_is_the_difference_since_the_sample_before()
    {
        var clock = new ScriptedClock();
        var sampler = new DahdiLoadSampler(4242, 1, 2, clock);

        var first = sampler.Sample(requests: 1_000, cpuSeconds: 0.5);
        clock.Now += 5_000_000_000;
        var second = sampler.Sample(requests: 201_000, cpuSeconds: 3.7);
        clock.Now += 2_500_000_000;
        var third = sampler.Sample(requests: 211_000, cpuSeconds: 3.8);

        Assert.Null(first);
        Assert.Equal(TwoHundredChannels, second! with { RequestCpuSeconds = Math.Round(second.RequestCpuSeconds, 9) });
        Assert.Equal(new DahdiLoadReport(4242, 1, 2, 2.5, 10_000, 0.1), third! with { RequestCpuSeconds = Math.Round(third.RequestCpuSeconds, 9) });
    }

    [Fact]
    public void Given_request_threads_in_proc_When_their_cpu_is_read_Then_user_and_system_ticks_are_summed_and_missing_threads_count_nothing()
    {
        string task = Path.Combine(_dir, "proc", "self", "task");
        foreach (var (tid, user, system) in new[] { (101, 250, 70), (102, 30, 10) })
        {
            Directory.CreateDirectory(Path.Combine(task, tid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            File.WriteAllText(Path.Combine(task, tid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat"),
                $"{tid} (metronome-fuse) S 1 1 1 0 -1 0 0 0 0 0 {user} {system} 0 0 -2 0 1 0 100 0 0\n");
        }

        double seconds = DahdiLoadSampler.ThreadCpuSeconds([101, 102, 103, 0], Path.Combine(_dir, "proc"));

        Assert.Equal(3.6, seconds, 9);
    }
}
