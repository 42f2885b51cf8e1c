using System.CommandLine;
using System.Globalization;
using Metronome.Timing.Linux;
using Metronome.Tooling.Monitoring;

namespace Metronome.Cli.Commands;

/// <summary>
/// `metronome metrics-exporter` (hidden): the process that serves /metrics for `monitor --listen` and
/// `dahdi --metrics`, reading the ticking process's shared page (see <see cref="MetricsExporter"/>). It
/// answers one line on stdout, "listening URL" or "error WHY", takes "info" lines on stdin, and ends at
/// stdin's end of file, which comes when the ticking process ends, however it ends.
/// </summary>
internal static class MetricsExporterCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var listen = ListenOption.Create("--listen", "Serve at http://ADDR:PORT/metrics.", null);
        var pageFd = new Option<int>("--page-fd") { Description = "The inherited descriptor of the shared metrics page.", DefaultValueFactory = _ => 3 }.InRange(0, 1 << 20);
        var process = new Option<int?>("--process") { Description = "The ticking process, for the process metrics (default: the parent)." }.InRange(1, int.MaxValue);
        var doctorEvery = new Option<string>("--doctor-every") { Description = "Run the host check now and then this often (seconds, or 90s, 30m, 6h; 0: once; off: never).", DefaultValueFactory = _ => "off" };
        doctorEvery.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && value != "off" && MonitorCommand.ParseInterval(value) is null)
                result.AddError($"--doctor-every: '{value}' is not a duration (seconds, or 90s, 30m, 6h) or off");
        });
        var dahdi = new Option<bool>("--dahdi") { Description = "Also export metronome dahdi's device metrics." };
        var command = new Command(MetricsExporter.Verb, "Serve a ticking Metronome's metrics (started by monitor and dahdi).")
        {
            listen, pageFd, process, doctorEvery, dahdi,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            string every = parse.GetValue(doctorEvery)!;
            return Execute(ListenOption.Read(parse, listen), parse.GetValue(pageFd), parse.GetValue(process) ?? Metronome.Timing.Linux.LibC.GetParentPid(),
                every == "off" ? null : MonitorCommand.ParseInterval(every), parse.GetValue(dahdi), stdout, stderr);
        });
        return command;
    }

    private static int Execute(System.Net.IPEndPoint? listen, int fd, int process, TimeSpan? doctorEvery, bool dahdi, TextWriter stdout, TextWriter stderr)
    {
        if (listen is null)
        {
            stdout.WriteLine("error no --listen ADDR:PORT: nothing to serve");
            return MetronomeCli.Usage;
        }
        MetricsPage page;
        MetricsEndpoint endpoint;
        TickMetrics metrics;
        try
        {
            page = MetricsPage.Open(fd);
            metrics = new TickMetrics(page, dahdi, $"/proc/{process}");
            endpoint = MetricsEndpoint.Start(listen, metrics.Registry);
        }
        catch (IOException e)
        {
            stdout.WriteLine($"error {e.Message}");
            stdout.Flush();
            return MetronomeCli.Failure;
        }
        // It answers the network: with the socket bound and the page mapped, it needs no privilege at all,
        // and it keeps none of the ticking process's (root, real-time and locking capabilities).
        if (Unprivileged.Become() is { } why)
        {
            endpoint.Dispose();
            stdout.WriteLine($"error cannot drop privileges: {why}");
            stdout.Flush();
            return MetronomeCli.Failure;
        }
        // The page is never unmapped here: a scrape may still be reading it while the process exits.
        // SIGINT, SIGTERM and SIGHUP reach the whole group or unit (Ctrl-C, systemctl stop) and are
        // ignored: the exporter ends when the ticking process does, at its stdin's end of file.
        using (endpoint)
        using (var stop = new ManualResetEvent(false))
        using (StopSignals.Ignore())
        {
            stdout.WriteLine($"listening {endpoint.Url}");
            stdout.Flush();
            if (doctorEvery is { } every)
                new Thread(() => HostCheck.Loop(every, stop, metrics.SetDoctorVerdict, stderr)) { Name = "metronome-doctor", IsBackground = true }.Start();
            while (Console.In.ReadLine() is { } line)
            {
                string[] info = line.Split('\t');
                if (info is ["info", var source, var rate, var policy, var version] && int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out int hz))
                    metrics.SetInfo(source, hz, policy, version);
            }
            stop.Set();
            return MetronomeCli.Success;
        }
    }
}
