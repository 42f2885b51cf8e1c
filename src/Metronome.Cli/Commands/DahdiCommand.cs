using System.CommandLine;
using System.Runtime.InteropServices;
using Metronome.Cli.Output;
using Metronome.Tooling.Dahdi;
using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;
using Metronome.Tooling.Measuring;
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
    private static readonly TickSourceKind[] Drivers = [.. TickSourceRegistry.Kinds.Where(k => k != TickSourceKind.Dahdi)];

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
        var requestThreads = new Option<int>("--request-threads")
        {
            Description = "Threads taking the kernel's requests, each from its own /dev/fuse descriptor (default: one per two CPUs, at least one).",
            DefaultValueFactory = _ => DahdiServerOptions.DefaultRequestThreads,
        }.InRange(1, DahdiServerOptions.MaxRequestThreads);
        var metrics = ListenOption.Create("--metrics", "Serve the device clock's Prometheus metrics (those of `metronome monitor`, plus channels, blocks and timer events) at http://ADDR:PORT/metrics.", null);
        // The serving process the keeper starts: the descriptors it inherited. Not for people to type.
        var serveFds = new Option<string?>("--serve-fds") { Hidden = true };
        var stateFd = new Option<int?>("--state-fd") { Hidden = true }.InRange(0, int.MaxValue);
        // What the keeper's probe found, for the serving process's start line (auto without --cpu).
        var autoWhy = new Option<string?>("--auto-why") { Hidden = true };
        var command = new Command("dahdi", "Serve DAHDI's pseudo and timer devices from user space (FUSE), ticked by a Metronome source, for dahdi_test, res_timing_dahdi and other DAHDI timing users.")
        {
            mount, force, source, spinUs, standbyUs, status, mode, group, requestThreads, metrics, serveFds, stateFd, autoWhy,
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
            if (DahdiPrivileges.Missing() is { } missing)
            {
                stderr.WriteLine($"metronome: {missing}");
                return MetronomeCli.Failure;
            }
            if (parse.GetValue(serveFds) is not { } fds)
            {
                // auto decides once, in the keeper: a serving process that takes over must not stop the clock for a probe.
                List<string> arguments = [.. Environment.GetCommandLineArgs().Skip(1)];
                var kind = SourceOptions.Kind(parse.GetValue(source));
                try
                {
                    var (_, choice) = AutoCpus.Resolve(kind, realtime.ReadCpus(parse), new TickSourceOptions(DahdiServer.Rate, parse.GetValue(spinUs)), realtime.Read(parse));
                    if (choice is not null) arguments.AddRange([.. choice.Cpus is { } chosen ? ["--cpu", CpuList.Format(chosen)] : Array.Empty<string>(), "--auto-why", choice.Why]);
                }
                catch (TickSourceException e)
                {
                    stderr.WriteLine($"metronome: {e.Message}");
                    return MetronomeCli.Failure;
                }
                return DahdiKeeperRun.Run(parse.GetValue(mount)!, parse.GetValue(force), parse.GetValue(requestThreads), arguments, stdout, stderr);
            }
            if (Handover.Parse(fds, parse.GetValue(stateFd)) is not { } handover)
            {
                stderr.WriteLine("metronome: --serve-fds and --state-fd are for the keeper process: descriptor numbers");
                return MetronomeCli.Usage;
            }
            return Execute(handover, parse.GetValue(mount)!, parse.GetValue(force), SourceOptions.Kind(parse.GetValue(source)), parse.GetValue(spinUs),
                parse.GetValue(status), realtime.Read(parse), realtime.ReadCpus(parse), parse.GetValue(standbyUs), owner,
                parse.GetValue(requestThreads), ListenOption.Read(parse, metrics), parse.GetValue(autoWhy), stdout, stderr);
        });
        return command;
    }

    private static int Execute(Handover handover, string mountPoint, bool force, TickSourceKind kind, int spinUs, int? statusEvery,
        RealtimeRequest realtime, IReadOnlyList<int>? cpus, int standbyUs, DeviceOwnership owner, int requestThreads, System.Net.IPEndPoint? metricsAt,
        string? autoWhy, TextWriter stdout, TextWriter stderr)
    {
        // SIGHUP (from the keeper): hand over to the next serving process; systemd is not told the service stops.
        using var stop = new ManualResetEventSlim(false);
        bool handingOver = false;
        using var signals = StopSignals.Register(stop.Set, hangup: () =>
        {
            handingOver = true;
            stop.Set();
        });
        // The serving process never outlives its keeper: with the keeper gone (even by SIGKILL) it stops, its
        // descriptors close and the kernel ends the connection, rather than serve on with nobody to restart it.
        _ = LibC.Prctl(LibC.PR_SET_PDEATHSIG, LibC.SIGTERM, 0, 0, 0);
        if (LibC.GetParentPid() == 1)
        {
            stderr.WriteLine("metronome: the keeper process is gone; not serving");
            return MetronomeCli.Failure;
        }
        handover.KeepToThisProcess();
        DahdiStatePage page;
        try
        {
            page = DahdiStatePage.Open(handover.StateFd);
        }
        catch (DahdiException e)
        {
            // Never misread: the keeper mounts afresh, and this page becomes an empty one of this layout.
            stderr.WriteLine($"metronome: refusing the channels' state: {e.Message}; starting on a fresh mount");
            DahdiStatePage.Reset(handover.StateFd);
            return DahdiKeeperRun.StateRefused;
        }
        var notes = new List<string>();
        TickGroup? source = null;
        DahdiServer server;
        // The exporter first: a taken port fails before anything is mounted.
        using var stalls = metricsAt is null ? null : new StallDetector();
        MetricsExporter? exporter = null;
        try
        {
            exporter = metricsAt is null ? null : MetricsExporter.Start(SelfCommand.Get(), metricsAt, doctorEvery: null, dahdi: true, stderr);
            source = TickGroup.Open(kind, new TickSourceOptions(DahdiServer.Rate, spinUs), cpus, standbyUs);
            server = DahdiServer.Serve(source, new DahdiServerOptions(mountPoint, force, realtime, owner.Mode, owner.Uid, owner.Gid,
                Measure: metricsAt is not null, Stalls: stalls, RequestThreads: requestThreads), handover.FuseFds, page);
        }
        catch (Exception e) when (e is TickSourceException or DahdiException or FuseException or IOException)
        {
            page.Dispose();
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
                exporter.SetInfo(server.SourceKind.Name(), DahdiServer.Rate, (server.Realtime?.Policy ?? SchedulingPolicy.Other).Name(), HostCheck.Version());
                publisher = new MetricsPublisher(exporter.Page, recorder, stalls, () =>
                {
                    var status = server.Status;
                    return new DahdiCounts(status.PseudoChannels, status.TimerChannels, server.BlocksDelivered, status.LostBlocks, server.TimerEvents, server.Requests);
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
                    stdout.WriteLine($"Serving {server.MountPoint}/pseudo and {server.MountPoint}/timer from the {server.SourceKind.Name()} source at {DahdiServer.Rate} Hz{RunHeaderText.Redundancy(source, autoWhy)} ({RunHeaderText.Settings(source.IsRedundant ? rt with { Cpu = null } : rt)}); Ctrl-C stops and unmounts.");
                    foreach (var warning in rt.Warnings) stderr.WriteLine($"metronome: warning: {warning}");
                }
                stdout.WriteLine(server.TookOver
                    ? $"metronome dahdi: serving process PID {Environment.ProcessId}; resumed {server.MountPoint}: {server.ResumedChannels} open channels."
                    : $"metronome dahdi: serving process PID {Environment.ProcessId}; fresh mount of {server.MountPoint}.");
                stdout.WriteLine($"Requests: {server.RequestThreads} thread{(server.RequestThreads == 1 ? "" : "s")}, each reading its own /dev/fuse descriptor ({FuseTransport.UringState()}); process {Environment.ProcessId}.");
                stdout.Flush();
                systemd.Ready(Status(server));
                using var load = new DahdiLoadWriter(server, DahdiLoadFile.For(server.MountPoint), warning => stderr.WriteLine($"metronome: warning: {warning}"));
                Serve(server, stop, statusEvery, stdout, systemd);
            }
            finally
            {
                if (!handingOver) systemd.Stopping();
                // The last publication before the server goes: the publisher reads the devices.
                publisher?.Dispose();
                server.Dispose();
            }
            stdout.WriteLine($"{(handingOver ? "Handed over" : "Stopped serving")} {server.MountPoint}: {Status(server)}.");
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
        DahdiStatusText.Format(server.SourceKind.Name(), server.Status, server.Ticks, server.MissedTicks);
}
