using Metronome.Tooling.Measuring.Stalls;
using Metronome.Tooling.Monitoring;

namespace Metronome.Tests.Monitoring;

public sealed class StallLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-stall-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Stall Stall(long tick) =>
        new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), tick, 2_000_000, 1, 0, StallCause.Runqueue, 1_900_000, 0, 5_000_000);

    [Fact]
    public void Given_stalls_When_written_Then_each_is_one_JSON_line()
    {
        string path = Path.Combine(_dir, "stalls.jsonl");
        using (var log = new StallLog(path))
        {
            log.Write(Stall(1));
            log.Write(Stall(2));
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal(StallJson.ToLine(Stall(2)), lines[1]);
    }

    [Fact]
    public void Given_a_cap_When_lines_would_pass_it_Then_the_file_rotates_once_and_never_passes_the_cap()
    {
        string path = Path.Combine(_dir, "stalls.jsonl");
        using var log = new StallLog(path, maxBytes: 1024);
        for (int i = 0; i < 40; i++) log.Write(Stall(i));

        Assert.True(new FileInfo(path).Length <= 1024);
        Assert.True(new FileInfo(path + ".1").Length <= 1024);
        Assert.False(File.Exists(path + ".2"));
        Assert.True(log.Rotations >= 2);
        // The newest line is in the live file, and the lines continue across the rotation.
        Assert.Contains("\"tick\":39,", File.ReadAllLines(path)[^1], StringComparison.Ordinal);
        int firstLive = int.Parse(File.ReadAllLines(path)[0].Split("\"tick\":")[1].Split(',')[0]);
        int lastRotated = int.Parse(File.ReadAllLines(path + ".1")[^1].Split("\"tick\":")[1].Split(',')[0]);
        Assert.Equal(lastRotated + 1, firstLive);
    }

    [Fact]
    public void Given_logrotate_moved_the_file_When_reopened_Then_new_lines_go_to_a_new_file_at_the_path()
    {
        string path = Path.Combine(_dir, "stalls.jsonl");
        using var log = new StallLog(path);
        log.Write(Stall(1));
        File.Move(path, path + ".old");
        log.Write(Stall(2));
        log.Reopen();
        log.Write(Stall(3));

        Assert.Equal(2, File.ReadAllLines(path + ".old").Length);
        Assert.Single(File.ReadAllLines(path));
    }

    [Fact]
    public void Given_a_directory_that_does_not_exist_When_opened_Then_it_fails_at_once()
    {
        Assert.ThrowsAny<IOException>(() => new StallLog(Path.Combine(_dir, "missing", "stalls.jsonl")));
    }
}
