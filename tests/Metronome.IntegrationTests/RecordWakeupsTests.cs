namespace Metronome.IntegrationTests;

/// <summary>`metronome record-wakeups`, the oracle bench's recorder, as a process on real timers.</summary>
public sealed class RecordWakeupsTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-wakeups-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_two_cpus_When_recorded_for_2_s_Then_each_thread_logs_wake_ups_that_cover_every_tick_once()
    {
        string file = Path.Combine(_dir, "wakeups.txt");

        var (code, stdout, stderr) = CliProcess.Run(Generous, "record-wakeups", "--cpu", "0,1", "--duration", "2", "--output", file);

        Assert.True(code == 0, stderr);
        Assert.StartsWith("Recorded ", stdout);
        var lines = File.ReadAllLines(file);
        Assert.Equal("# metronome wake-ups: source nanosleep, rate 1000, cpus 0,1", lines[0]);
        var wakeups = lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(' ').Select(long.Parse).ToArray()).ToList();
        foreach (long cpu in new long[] { 0, 1 })
        {
            var mine = wakeups.Where(w => w[0] == cpu).ToList();
            Assert.Contains($"# thread on cpu {cpu}: {mine.Count} wake-ups, ", lines.Single(l => l.StartsWith($"# thread on cpu {cpu}:", StringComparison.Ordinal)));
            // Consecutive: each wake-up's first tick follows the last one's, to tick 2000 and no further than its own late wake-up.
            long next = 1;
            foreach (var w in mine)
            {
                Assert.Equal(next, w[1]);
                Assert.True(w[3] >= 0, $"a wake-up before its deadline: {string.Join(' ', w)}");
                next += w[2];
            }
            Assert.InRange(next - 1, 2000, 2100);
        }
    }

    [Fact]
    public void Given_a_source_that_follows_a_device_When_asked_Then_one_line_says_which_can_and_it_exits_2()
    {
        var (code, _, stderr) = CliProcess.Run(Generous, "record-wakeups", "--source", "dahdi", "--output", Path.Combine(_dir, "x"));

        Assert.Equal(2, code);
        Assert.StartsWith("metronome: ", stderr);
        Assert.Contains("timerfd, nanosleep, hybrid", stderr);
    }
}
