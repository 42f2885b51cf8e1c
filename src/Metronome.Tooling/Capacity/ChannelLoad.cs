using Metronome.Timing.Linux;

namespace Metronome.Tooling.Capacity;

/// <summary>
/// A PBX's channels on a DAHDI timer without the PBX: for each step, that many <see cref="TimerChannelDriver"/>s
/// at once, their slots spread evenly over one period, with the server's CPU read around the step.
/// </summary>
internal static class ChannelLoad
{
    /// <summary>Between steps, so that one step's stragglers do not count in the next.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    public static ChannelLoadStep Step(ChannelLoadOptions options, int channels)
    {
        long periodNs = 1_000_000_000L / options.RateHz;
        long begin = MonotonicClock.Instance.NowNs() + 200_000_000; // the threads start before their first slot
        long end = begin + options.Seconds * 1_000_000_000L;
        var drivers = new TimerChannelDriver[channels];
        for (int c = 0; c < channels; c++) drivers[c] = new TimerChannelDriver(options.Device, options.RateHz, begin + periodNs * c / channels, end);
        double? cpuBefore = options.ServerPid is { } pid ? ProcessCpu.Seconds(pid) : null;
        long wallBefore = MonotonicClock.Instance.NowNs();
        foreach (var driver in drivers) driver.Start();
        foreach (var driver in drivers) driver.Join();
        long wall = MonotonicClock.Instance.NowNs() - wallBefore;
        double? cpuAfter = options.ServerPid is { } same ? ProcessCpu.Seconds(same) : null;

        var times = new long[drivers.Sum(d => d.Done)];
        int at = 0;
        foreach (var driver in drivers)
        {
            driver.RoundTripsNs.CopyTo(times.AsSpan(at));
            at += driver.Done;
        }
        Array.Sort(times);
        double? cpuPercent = cpuBefore is { } a && cpuAfter is { } b ? 100 * (b - a) / (wall / 1e9) : null;
        return new ChannelLoadStep(channels, options.RateHz, options.Seconds,
            drivers.Sum(d => (long)d.Slots), times.Length, drivers.Sum(d => (long)d.Errors), drivers.Select(d => d.FirstError).FirstOrDefault(e => e is not null),
            Percentile(times, 0.50), Percentile(times, 0.99), times.Length == 0 ? 0 : times[^1], cpuPercent);
    }

    /// <summary>Every step in order; stops early once asked to.</summary>
    /// <param name="pipeRoundTripNs">The same-run floor, measured before (<see cref="PipeFloor"/>).</param>
    public static ChannelLoadResult Run(ChannelLoadOptions options, long? pipeRoundTripNs, Action<ChannelLoadStep> onStep, CancellationToken stop)
    {
        var steps = new List<ChannelLoadStep>();
        foreach (int channels in options.Channels)
        {
            if (stop.IsCancellationRequested) break;
            var step = Step(options, channels);
            steps.Add(step);
            onStep(step);
            stop.WaitHandle.WaitOne(Pause);
        }
        return new ChannelLoadResult(options, pipeRoundTripNs, steps);
    }

    /// <summary>Nearest rank.</summary>
    private static long Percentile(long[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
