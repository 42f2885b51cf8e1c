using System.CommandLine;
using System.Globalization;
using System.Net;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Tooling.Monitoring;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome monitor`: measure a tick source continuously, until SIGTERM or SIGINT, with bounded memory.
/// Stalls go to stderr (the journal) and, with --stall-log, to a size-capped JSON-lines file that SIGHUP
/// reopens; metrics are served to Prometheus on --listen. Every bad input fails with one line before
/// anything is measured.
/// </summary>
internal static class MonitorCommand
{
    internal sealed record Settings(
        TickSourceKind Source, int Rate, string Device, int SpinUs, RealtimeRequest Realtime, int StallUs,
        string? StallLog, int StallLogMaxMb, IPEndPoint? Listen, TimeSpan DoctorEvery, int? DurationSeconds,
        IReadOnlyList<int>? Cpus = null, int StandbyUs = TickGroup.DefaultStandbyUs);

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var source = SourceOptions.Source(TickSourceRegistry.Kinds);
        var rate = new Option<int?>("--rate", "-r") { Description = "Ticks per second (default 1000; the dahdi source's default is 500, its block rate)." }
            .InRange(TickSourceOptions.MinRate, TickSourceOptions.MaxRate);
        var device = new Option<string>("--device") { Description = "dahdi source: the pseudo device to read.", DefaultValueFactory = _ => DahdiSource.DefaultDevice };
        var spinUs = SourceOptions.SpinUs();
        var standbyUs = SourceOptions.StandbyUs();
        var realtime = new RealtimeOptions();
        var stallUs = new Option<int>("--stall-us") { Description = "A tick later than this many microseconds is a stall (so is one that misses ticks).", DefaultValueFactory = _ => 1000 }
            .InRange(10, 10_000_000);
        var stallLog = new Option<string?>("--stall-log") { Description = "Append every stall as a JSON line to FILE (capped, one rotation to FILE.1; SIGHUP reopens it)." };
        var stallLogMax = new Option<int>("--stall-log-max-mb") { Description = "Rotate the stall log when it would pass this many MiB.", DefaultValueFactory = _ => 10 }
            .InRange(1, 10_240);
        var listen = ListenOption.Create("--listen",
            $"Serve Prometheus metrics at http://ADDR:PORT/metrics ('off': none). Default {MetricsEndpoint.DefaultListen}: loopback, a port outside Prometheus's exporter range 9100-9999.",
            MetricsEndpoint.DefaultListen);
        var doctorEvery = new Option<string>("--doctor-every") { Description = "Re-run the host check (no measuring) this often: 90s, 30m, 6h; 0 only at start-up.", DefaultValueFactory = _ => "6h" };
        doctorEvery.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && ParseInterval(value) is null)
                result.AddError($"--doctor-every: '{value}' is not a duration (for example 90s, 30m, 6h, or 0)");
        });
        var duration = new Option<int?>("--duration", "-D") { Description = "Stop after this many seconds (default: run until SIGTERM or SIGINT)." }
            .InRange(1, int.MaxValue);

        var command = new Command("monitor", "Measure continuously, record stalls with their causes, export Prometheus metrics.")
        {
            source, rate, device, spinUs, standbyUs, stallUs, stallLog, stallLogMax, listen, doctorEvery, duration,
        };
        foreach (var option in realtime.All) command.Options.Add(option);
        realtime.RefuseRedundant(command, source);
        command.SetAction(parse =>
        {
            var kind = SourceOptions.Kind(parse.GetValue(source));
            var endPoint = ListenOption.Read(parse, listen);
            var settings = new Settings(
                kind, parse.GetValue(rate) ?? TickSourceRegistry.DefaultRate(kind), parse.GetValue(device)!, parse.GetValue(spinUs),
                realtime.Read(parse), parse.GetValue(stallUs), parse.GetValue(stallLog), parse.GetValue(stallLogMax), endPoint,
                ParseInterval(parse.GetValue(doctorEvery)!)!.Value, parse.GetValue(duration),
                realtime.ReadCpus(parse), parse.GetValue(standbyUs));
            return Execute(settings, stdout, stderr);
        });
        return command;
    }

    /// <summary>"90s", "30m", "6h", "2d" or a bare number of seconds; 0 is allowed (never again). Null when not a duration.</summary>
    internal static TimeSpan? ParseInterval(string text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        char unit = text[^1];
        long scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        string number = scale == 0 ? text : text[..^1];
        if (scale == 0) scale = 1;
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > 3650L * 86400 / scale) return null;
        return TimeSpan.FromSeconds(value * scale);
    }

    private static int Execute(Settings s, TextWriter stdout, TextWriter stderr)
    {
        StallLog? log = null;
        TickGroup? tickSource = null;
        AutoChoice? auto = null;
        MetricsExporter? exporter = null;
        string step = "";
        try
        {
            step = $"--stall-log {s.StallLog}: ";
            log = s.StallLog is null ? null : new StallLog(s.StallLog, s.StallLogMaxMb * 1024L * 1024);
            step = "--listen: ";
            exporter = s.Listen is null ? null : MetricsExporter.Start(SelfCommand.Get(), s.Listen, s.DoctorEvery, dahdi: false, stderr);
            step = "";
            var options = new TickSourceOptions(s.Rate, s.SpinUs, s.Device);
            (var cpus, auto) = AutoCpus.Resolve(s.Source, s.Cpus, options, s.Realtime);
            tickSource = TickGroup.Open(s.Source, options, cpus, s.StandbyUs);
        }
        catch (Exception e) when (e is TickSourceException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: {step}{e.Message}");
            tickSource?.Dispose();
            exporter?.Dispose();
            log?.Dispose();
            return MetronomeCli.Failure;
        }

        using var stopped = new ManualResetEventSlim(false, spinCount: 0); // waited on in 200 ms steps: no spinning beside the tick
        int reopen = 0;
        using var detector = new StallDetector(s.StallUs * 1000L);
        using (tickSource)
        using (exporter)
        using (log)
        using (var notify = new SystemdNotify())
        using (var run = new TickRun(tickSource, new TickRunOptions(s.Realtime,
                   Duration: s.DurationSeconds is { } d ? TimeSpan.FromSeconds(d) : null, Stalls: detector, BoundedPasses: true)))
        using (StopSignals.Register(stopped.Set, hangup: () => Interlocked.Exchange(ref reopen, 1)))
        {
            var realtime = run.Start();
            exporter?.SetInfo(tickSource.Kind.Name(), s.Rate, realtime.Policy.Name(), HostCheck.Version());
            using var publisher = exporter is not null && run.Recorder is { } recorder ? new MetricsPublisher(exporter.Page, recorder, detector) : null;
            publisher?.Start(MetricsPublisher.DefaultPeriod);
            foreach (var warning in realtime.Warnings) stderr.WriteLine($"metronome: warning: {warning}");
            int? spin = tickSource.Kind == TickSourceKind.Hybrid ? s.SpinUs : null;
            string where = exporter is null ? "no metrics endpoint" : $"metrics at {exporter.Url}";
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"metronome: monitoring {tickSource.Kind.Name()} at {s.Rate} Hz{(spin is { } w ? $", spin {w} us" : "")}{Output.RunHeaderText.Redundancy(tickSource, auto?.Why)} ({Output.RunHeaderText.Settings(realtime)}); stall threshold {s.StallUs} us; {where}{(log is null ? "" : $"; stall log {log.Path}")}"));
            stderr.Flush();
            notify.Ready($"monitoring {tickSource.Kind.Name()} at {s.Rate} Hz");

            // With an exporter, the host check runs there (it allocates); without one, here, for the log.
            if (exporter is null)
                new Thread(() => HostCheck.Loop(s.DoctorEvery, stopped.WaitHandle, (_, _) => { }, stderr)) { Name = "metronome-doctor", IsBackground = true }.Start();

            var feed = new StallFeed(detector);
            var batch = new List<Stall>();
            long lostReported = 0;
            long nextStatus = Environment.TickCount64 + 60_000;
            while (!run.IsCompleted)
            {
                stopped.Wait(200);
                if (stopped.IsSet) run.RequestStop();
                if (Interlocked.Exchange(ref reopen, 0) == 1 && log is not null) Reopen(log, stderr);
                feed.Drain(batch);
                foreach (var stall in batch)
                {
                    stderr.WriteLine(FormatStall(stall));
                    log?.Write(stall);
                }
                if (feed.Lost > lostReported)
                {
                    stderr.WriteLine($"metronome: {feed.Lost - lostReported} stalls came faster than they could be logged and were not");
                    lostReported = feed.Lost;
                }
                stderr.Flush();
                if (Environment.TickCount64 >= nextStatus && run.Recorder is { } r)
                {
                    notify.Status(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Ticks} ticks, {r.MissedTicks} missed, {detector.Count} stalls{(exporter is { Serving: false } ? "; metrics exporter down, restarting" : "")}"));
                    nextStatus += 60_000;
                }
            }
            stopped.Set();
            notify.Stopping();
            var result = run.Wait();
            tickSource.Dispose();
            feed.Drain(batch);
            foreach (var stall in batch)
            {
                stderr.WriteLine(FormatStall(stall));
                log?.Write(stall);
            }
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Ticks} ticks, {result.MissedTicks} missed; lateness p99 {result.Latency.P99Ns / 1000.0:0} us, max {result.Latency.MaxNs / 1000.0:0.0} us; " +
                $"stalls: {detector.Count} ({string.Join(", ", StallCauses.All.Select(c => $"{StallCauses.Name(c)} {detector.CountOf(c)}"))}); " +
                $"tick thread allocated {result.AllocatedBytes} bytes, {result.GcCollections} GCs"));
            if (result.Error is null) return MetronomeCli.Success;
            stderr.WriteLine($"metronome: {tickSource.Kind.Name()} failed: {result.Error}");
            return MetronomeCli.Failure;
        }
    }

    internal static string FormatStall(in Stall stall) => string.Create(CultureInfo.InvariantCulture,
        $"metronome: stall at {stall.AtUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}, tick {stall.Tick}: {stall.LatenessNs / 1e6:0.000} ms late, " +
        $"{stall.MissedTicks} missed, cpu {(stall.Cpu >= 0 ? stall.Cpu.ToString(CultureInfo.InvariantCulture) : "?")}, cause {StallCauses.Name(stall.Cause)} " +
        $"(run delay {Ms(stall.RunDelayNs)}, steal {Ms(stall.StealNs)}, over {stall.WindowNs / 1e6:0.0} ms)");

    private static string Ms(long ns) => ns < 0 ? "unknown" : string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.000} ms");

    private static void Reopen(StallLog log, TextWriter stderr)
    {
        try
        {
            log.Reopen();
            stderr.WriteLine($"metronome: reopened {log.Path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"metronome: cannot reopen {log.Path}, still writing the old file: {e.Message}");
        }
    }
}
