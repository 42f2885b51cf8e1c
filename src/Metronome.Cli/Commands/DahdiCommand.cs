using System.CommandLine;
using Metronome.Cli.Output;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring.Stalls;
using Metronome.Tooling.Monitoring;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome dahdi`: serves /dev/dahdi/pseudo and /dev/dahdi/timer from user space, ticked by a
/// Metronome source, until SIGINT, SIGTERM or SIGHUP; then unmounts. A failure exits 1, also unmounted.
/// </summary>
internal static class DahdiCommand
{
    /// <summary>Sources that can drive the devices: all but the one that reads a DAHDI device.</summary>
    private static readonly string[] Drivers = [.. TickSourceRegistry.Names.Where(n => n != TickSourceKind.Dahdi)];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var mount = new Option<string>("--mount", "-m") { Description = "Directory to serve the devices in.", DefaultValueFactory = _ => RealDahdi.StandardMountPoint };
        var force = new Option<bool>("--force") { Description = "Mount even where a real DAHDI (module or device nodes) or another mount is." };
        var source = SourceOptions.Source(Drivers);
        var spinUs = SourceOptions.SpinUs();
        var standbyUs = SourceOptions.StandbyUs();
        var status = new Option<int?>("--status-every") { Description = "Print the status line every SECONDS (default: 1 on a terminal, in place; 60 otherwise)." }
            .InRange(1, 86_400);
        var realtime = new RealtimeOptions();
        var mode = DeviceOwnership.ModeOption();
        var group = DeviceOwnership.GroupOption();
        var metrics = ListenOption.Create("--metrics", "Serve the device clock's Prometheus metrics (those of `metronome monitor`, plus channels, blocks and timer events) at http://ADDR:PORT/metrics.", null);
        var command = new Command("dahdi", "Serve DAHDI's pseudo and timer devices from user space (FUSE), ticked by a Metronome source, for dahdi_test, res_timing_dahdi and other DAHDI timing users.")
        {
            mount, force, source, spinUs, standbyUs, status, mode, group, metrics,
        };
        foreach (var option in realtime.All) command.Options.Add(option);
        realtime.RefuseRedundant(command, source);
        command.SetAction(parse =>
        {
            DeviceOwnership owner;
            try
            {
                owner = DeviceOwnership.Resolve("/etc", parse.GetValue(group), parse.GetValue(mode));
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"metronome: {e.Message}");
                return MetronomeCli.Failure;
            }
            return Execute(parse.GetValue(mount)!, parse.GetValue(force), parse.GetValue(source)!, parse.GetValue(spinUs),
                parse.GetValue(status), realtime.Read(parse), realtime.ReadCpus(parse), parse.GetValue(standbyUs), owner,
                ListenOption.Read(parse, metrics), stdout, stderr);
        });
        return command;
    }

    private static int Execute(string mountPoint, bool force, string sourceName, int spinUs, int? statusEvery,
        RealtimeRequest realtime, IReadOnlyList<int>? cpus, int standbyUs, DeviceOwnership owner, System.Net.IPEndPoint? metricsAt,
        TextWriter stdout, TextWriter stderr)
    {
        if (DahdiPrivileges.Missing() is { } missing)
        {
            stderr.WriteLine($"metronome: {missing}");
            return MetronomeCli.Failure;
        }
        // From before the mount until after the unmount: a signal at any moment in between must not
        // kill the process with the file system still mounted.
        using var stop = new ManualResetEventSlim(false);
        using var signals = StopSignals.Register(stop.Set);
        var notes = new List<string>();
        TickGroup? source = null;
        DahdiServer server;
        // The exporter first: a taken port fails before anything is mounted.
        using var stalls = metricsAt is null ? null : new StallDetector();
        MetricsExporter? exporter = null;
        try
        {
            exporter = metricsAt is null ? null : MetricsExporter.Start(SelfCommand.Get(), metricsAt, doctorEvery: null, dahdi: true, stderr);
            source = TickGroup.Open(sourceName, new TickSourceOptions(DahdiServer.Rate, spinUs), cpus, standbyUs);
            server = DahdiServer.Start(source, new DahdiServerOptions(mountPoint, force, realtime, owner.Mode, owner.Uid, owner.Gid,
                Measure: metricsAt is not null, Stalls: stalls), notes);
        }
        catch (Exception e) when (e is TickSourceException or DahdiException or FuseException or IOException)
        {
            foreach (var note in notes) stderr.WriteLine($"metronome: {note}");
            exporter?.Dispose();
            source?.Dispose();
            stderr.WriteLine($"metronome: {e.Message}");
            return MetronomeCli.Failure;
        }

        using (source)
        using (exporter)
        using (var systemd = new SystemdNotify())
        {
            MetricsPublisher? publisher = null;
            if (exporter is not null && server.Recorder is { } recorder)
            {
                exporter.SetInfo(server.SourceName, DahdiServer.Rate, server.Realtime?.Policy ?? "SCHED_OTHER", HostCheck.Version());
                publisher = new MetricsPublisher(exporter.Page, recorder, stalls, () =>
                {
                    var status = server.Status;
                    return new DahdiCounts(status.PseudoChannels, status.TimerChannels, server.BlocksDelivered, status.LostBlocks, server.TimerEvents);
                });
                publisher.Start(MetricsPublisher.DefaultPeriod);
                stalls?.StartSampling(TimeSpan.FromSeconds(1));
                stderr.WriteLine($"metronome: metrics at {exporter.Url}");
            }
            try
            {
                foreach (var note in notes) stderr.WriteLine($"metronome: {note}");
                stderr.WriteLine($"metronome: pseudo and timer are {owner}");
                if (server.Realtime is { } rt)
                {
                    stdout.WriteLine($"Serving {server.MountPoint}/pseudo and {server.MountPoint}/timer from the {server.SourceName} source at {DahdiServer.Rate} Hz{RunHeaderText.Redundancy(source)} ({RunHeaderText.Settings(source.IsRedundant ? rt with { Cpu = null } : rt)}); Ctrl-C stops and unmounts.");
                    foreach (var warning in rt.Warnings) stderr.WriteLine($"metronome: warning: {warning}");
                }
                stdout.Flush();
                systemd.Ready(Status(server));
                Serve(server, stop, statusEvery, stdout, systemd);
            }
            finally
            {
                systemd.Stopping();
                // The last publication before the server goes: the publisher reads the devices.
                publisher?.Dispose();
                server.Dispose();
            }
            stdout.WriteLine($"Unmounted {server.MountPoint}: {Status(server)}.");
            if (server.RefusedReplies > 0) stderr.WriteLine($"metronome: warning: the kernel refused {server.RefusedReplies} replies (please report this)");
            if (server.Error is null) return MetronomeCli.Success;
            stderr.WriteLine($"metronome: {server.Error}");
            return MetronomeCli.Failure;
        }
    }

    private static void Serve(DahdiServer server, ManualResetEventSlim stop, int? statusEvery, TextWriter stdout, SystemdNotify systemd)
    {
        bool inPlace = statusEvery is null && Terminal.Is(stdout);
        var interval = TimeSpan.FromSeconds(statusEvery ?? (inPlace ? 1 : 60));
        var handles = new[] { stop.WaitHandle, server.Ended };
        while (WaitHandle.WaitAny(handles, interval) == WaitHandle.WaitTimeout)
        {
            string status = Status(server);
            if (inPlace) stdout.Write($"\r{status}\u001b[K");
            else stdout.WriteLine(status);
            stdout.Flush();
            systemd.Status(status);
        }
        if (inPlace) stdout.WriteLine();
    }

    private static string Status(DahdiServer server) =>
        DahdiStatusText.Format(server.SourceName, server.Status, server.Ticks, server.MissedTicks);
}
