using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Timing.Sources;

namespace Metronome.Tooling.Host;

/// <summary>The doctor's short run of the auto source, with the real-time settings this process can get.</summary>
internal static class QuickMeasurement
{
    public static DoctorMeasurement Run(TimeSpan duration)
    {
        ITickSource source;
        try
        {
            source = TickSourceRegistry.Open(TickSourceKind.Auto, new TickSourceOptions());
        }
        catch (TickSourceException e)
        {
            return new DoctorMeasurement(TickSourceKind.Auto.Name(), "none", 0, 0, 0, 0, 0, 0, 0, 0, null, null, e.Message);
        }
        using (source)
        using (var run = new TickRun(source, new TickRunOptions(new RealtimeRequest(), Duration: duration)))
        {
            run.Start();
            var r = run.Wait();
            return new DoctorMeasurement(r.Source.Name(), r.Realtime.Policy.Name(), r.DurationNs / 1e9, r.Summary.Passes, r.Summary.Average,
                r.Summary.Worst, r.Latency.P99Ns, r.Latency.MaxNs, r.Ticks, r.MissedTicks, r.StealPercent, r.HostBusyPercent, r.Error);
        }
    }

    /// <summary>Host steal over a plain wait, for when there is no measurement to take it from.</summary>
    public static double? SampleSteal(TimeSpan window)
    {
        var before = CpuTimes.Read();
        Thread.Sleep(window);
        return CpuTimes.StealPercent(before, CpuTimes.Read());
    }
}
