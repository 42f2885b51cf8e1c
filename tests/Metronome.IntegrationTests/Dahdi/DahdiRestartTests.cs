using System.Diagnostics;
using System.Text.RegularExpressions;
using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>The serving process dies (SIGKILL) under open channels: the keeper starts another, which takes them over.</summary>
public sealed partial class DahdiRestartTests : IDisposable
{
    private const int Timers = 20;
    private const int PeriodSamples = 160; // 20 ms, as res_timing_dahdi's 50 Hz
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(2);
    /// <summary>The issue's bound: every open fd works again within 2 s, without reopening.</summary>
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(2);

    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-dahdi-").FullName;

    public void Dispose()
    {
        if (DahdiServerProcess.IsMounted(_dir)) LibC.Umount2(_dir, LibC.MNT_DETACH);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Given_20_timers_and_2_pseudo_readers_When_the_serving_process_is_killed_Then_every_open_fd_keeps_working_without_reopening()
    {
        using var server = DahdiServerProcess.Start(_dir, "--request-threads", "2");
        int first = ServingPid(server.Process.Stdout).Single();
        var timers = Enumerable.Range(0, Timers).Select(_ => new DeviceFile(server.Timer)).ToList();
        var pseudos = Enumerable.Range(0, 2).Select(_ => new DeviceFile(server.Pseudo)).ToList();
        try
        {
            foreach (var timer in timers) timer.Ioctl(DahdiIoctl.TimerConfig, PeriodSamples);
            foreach (var pseudo in pseudos) pseudo.Ioctl(DahdiIoctl.SetBlockSize, PeriodSamples);
            var readers = pseudos.Select(p => new BackgroundReader(p, Run)).ToList();
            var acks = new List<TimeSpan>[Timers];
            for (int i = 0; i < Timers; i++) acks[i] = [];
            Exception? failure = null;
            var clock = Stopwatch.StartNew();
            var prober = new Thread(() =>
            {
                try
                {
                    while (clock.Elapsed < Run)
                        for (int i = 0; i < Timers; i++)
                        {
                            if (timers[i].Poll(LibC.POLLPRI, 0) == 0) continue;
                            // A ping between: answered once and cleared, as res_timing_dahdi's pong.
                            if (i == 0) timers[i].Ioctl(DahdiIoctl.TimerPing);
                            int events = timers[i].Ioctl(DahdiIoctl.GetEvent);
                            if (events == DahdiIoctl.EventTimerPing)
                            {
                                timers[i].Ioctl(DahdiIoctl.TimerPong);
                                events = timers[i].Ioctl(DahdiIoctl.GetEvent);
                            }
                            if (events == DahdiIoctl.EventTimerExpired)
                            {
                                timers[i].Ioctl(DahdiIoctl.TimerAck, 1);
                                acks[i].Add(clock.Elapsed);
                            }
                        }
                }
                catch (Exception e)
                {
                    failure = e;
                }
            }) { IsBackground = true };
            prober.Start();

            Thread.Sleep(KillAt);
            Assert.Equal(0, LibC.Kill(first, 9));
            Assert.True(server.Process.WaitForOutput($"resumed {_dir}: {Timers + 2} open channels", TimeSpan.FromSeconds(10)),
                $"no takeover:\n{server.Process.Stdout}\n{server.Process.Stderr}");
            Assert.True(prober.Join(Run + MaxGap * 2), "the timer probe hung: a request was lost");
            foreach (var reader in readers) Assert.True(reader.Join(Run + MaxGap * 2), "a pseudo reader hung: a read was lost");

            Assert.Null(failure);
            int second = ServingPid(server.Process.Stdout).Last();
            Assert.NotEqual(first, second);
            for (int i = 0; i < Timers; i++) AssertKeptWorking($"timer {i}", acks[i], clock.Elapsed);
            foreach (var reader in readers)
            {
                Assert.All(reader.Reads, r => Assert.Equal(PeriodSamples, r.Bytes));
                AssertKeptWorking("pseudo reader", [.. reader.Reads.Select(r => r.At)], Run);
            }
        }
        finally
        {
            foreach (var file in timers.Concat(pseudos)) file.Dispose();
        }
        var (code, final) = server.Stop();
        Assert.Equal(0, code);
        Assert.Contains("0 open channels", final);
        Assert.False(DahdiServerProcess.IsMounted(_dir));
    }

    /// <summary>Events from the start to the end of the run, never more than <see cref="MaxGap"/> apart (the kill included).</summary>
    private static void AssertKeptWorking(string what, List<TimeSpan> at, TimeSpan end)
    {
        Assert.True(at.Count > 0, $"{what}: no event at all");
        var gaps = at.Zip(at.Skip(1), (a, b) => b - a).Append(at[0]).Append(end - at[^1]);
        var worst = gaps.Max();
        Assert.True(worst < MaxGap, $"{what}: {worst.TotalMilliseconds:0} ms without an event");
        Assert.True(at[^1] > KillAt + MaxGap, $"{what}: nothing after the kill (last at {at[^1].TotalMilliseconds:0} ms)");
    }

    private static IEnumerable<int> ServingPid(string stdout) =>
        ServingPattern().Matches(stdout).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"serving process PID (\d+)")]
    private static partial Regex ServingPattern();
}
