using System.Diagnostics;
using System.Globalization;
using System.Net;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Monitoring;

/// <summary>
/// The metrics exporter as the ticking process sees it: `metronome metrics-exporter` in a process of
/// its own, which serves /metrics from the shared <see cref="MetricsPage"/>. Scrapes allocate (HTTP,
/// the exposition format), and allocation brings garbage collections, which stop every thread of a
/// .NET process: in another process they cannot stop the tick. The exporter reads its stdin until
/// end of file, so it ends with this process however this process ends; if it dies first it is
/// started again.
/// </summary>
internal sealed class MetricsExporter : IDisposable
{
    /// <summary>The exporter's verb (hidden from help: only Metronome starts it).</summary>
    public const string Verb = "metrics-exporter";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<string> _command;
    private readonly TextWriter _stderr;
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _gate = new();
    private Process _process;
    private string? _info;
    private Thread? _watch;

    private MetricsExporter(MetricsPage page, IReadOnlyList<string> command, Process process, IPEndPoint endPoint, TextWriter stderr)
    {
        Page = page;
        _command = command;
        _process = process;
        EndPoint = endPoint;
        _stderr = stderr;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The page this exporter serves from; the ticking process publishes to it (one writer).</summary>
    public MetricsPage Page { get; }

    public string Url => $"http://{EndPoint}/metrics";

    /// <summary>False from the exporter's death until another one listens (for the service's status line).</summary>
    public bool Serving { get; private set; } = true;

    /// <summary>Creates the shared page, starts the exporter on it and waits until it listens.</summary>
    /// <param name="self">How to run this program again (e.g. ["/usr/bin/metronome"]).</param>
    /// <param name="doctorEvery">How often the exporter runs the host check (null: never).</param>
    /// <exception cref="IOException">It cannot listen (port taken, address not on this host) or did not start.</exception>
    public static MetricsExporter Start(IReadOnlyList<string> self, IPEndPoint endPoint, TimeSpan? doctorEvery, bool dahdi, TextWriter stderr)
    {
        var page = MetricsPage.Create();
        // A native binary is started again through /proc/self/exe: the program this process runs, even
        // after a package upgrade replaced the file (a new exporter would refuse this page anyway).
        List<string> command =
        [
            .. self is [var program] && program == Environment.ProcessPath ? ["/proc/self/exe"] : self, Verb, "--listen", endPoint.ToString(), "--page-fd", page.Fd.ToString(CultureInfo.InvariantCulture),
            "--process", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "--doctor-every", doctorEvery is { } every ? ((long)every.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "off",
        ];
        if (dahdi) command.Add("--dahdi");
        Process process;
        try
        {
            process = Launch(command, page.Fd, CancellationToken.None);
        }
        catch (IOException)
        {
            page.Dispose();
            throw;
        }
        var exporter = new MetricsExporter(page, command, process, endPoint, stderr);
        exporter._watch = new Thread(exporter.Watch) { Name = "metronome-exporter-watch", IsBackground = true };
        exporter._watch.Start();
        return exporter;
    }

    /// <param name="pageFd">The page's descriptor: the exporter, and no other child, inherits it.</param>
    /// <param name="cancel">Stops waiting for the exporter to listen (this process is shutting down): OperationCanceledException.</param>
    private static Process Launch(IReadOnlyList<string> command, int pageFd, CancellationToken cancel)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (var a in command.Skip(1)) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = ChildStart.Start(info, [pageFd]) ?? throw new IOException("cannot start the metrics exporter");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"cannot start the metrics exporter: {e.Message}", e);
        }
        // Not cancelled itself: on shutdown the wait ends, and the read ends with the stopped child.
        var line = process.StandardOutput.ReadLineAsync(CancellationToken.None).AsTask();
        bool answered;
        try
        {
            answered = line.Wait(StartTimeout, cancel);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            process.Dispose();
            throw;
        }
        string? reply = answered ? line.Result : null;
        if (reply is not null && reply.StartsWith("listening ", StringComparison.Ordinal)) return process;
        string why = reply is not null && reply.StartsWith("error ", StringComparison.Ordinal) ? reply["error ".Length..]
            : process.HasExited ? $"the metrics exporter exited before it listened (code {process.ExitCode})"
            : $"the metrics exporter did not start listening within {StartTimeout.TotalSeconds:0} s";
        Stop(process);
        process.Dispose();
        throw new IOException(why);
    }

    /// <summary>metronome_info's labels, once the tick thread knows its policy (sent again to a restarted exporter).</summary>
    public void SetInfo(string source, int rate, string policy, string version)
    {
        lock (_gate)
        {
            _info = string.Join('\t', "info", source, rate.ToString(CultureInfo.InvariantCulture), policy, version);
            Send(_process, _info);
        }
    }

    private static void Send(Process process, string line)
    {
        try
        {
            process.StandardInput.WriteLine(line);
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // It has just died: the watch thread starts a new one and sends the line again.
        }
    }

    private void Watch()
    {
        while (true)
        {
            Process process;
            lock (_gate) process = _process;
            process.WaitForExit();
            if (_disposed.IsCancellationRequested) return;
            Serving = false;
            _stderr.WriteLine($"metronome: the metrics exporter exited with code {process.ExitCode}; starting it again in {RestartDelay.TotalSeconds:0} s");
            _stderr.Flush();
            while (!_disposed.Token.WaitHandle.WaitOne(RestartDelay))
            {
                try
                {
                    var next = Launch(_command, Page.Fd, _disposed.Token);
                    lock (_gate)
                    {
                        if (_disposed.IsCancellationRequested)
                        {
                            Stop(next);
                            next.Dispose();
                            return;
                        }
                        process.Dispose();
                        _process = next;
                        Serving = true;
                        if (_info is not null) Send(next, _info);
                    }
                    _stderr.WriteLine($"metronome: metrics exporter started again at {Url}");
                    _stderr.Flush();
                    break;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (IOException e)
                {
                    _stderr.WriteLine($"metronome: cannot start the metrics exporter again ({e.Message}); trying in {RestartDelay.TotalSeconds:0} s");
                    _stderr.Flush();
                }
            }
            if (_disposed.IsCancellationRequested) return;
        }
    }

    /// <summary>End of file on its stdin, then SIGKILL if it has not gone within 5 s.</summary>
    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        if (!process.WaitForExit(5000)) process.Kill();
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        lock (_gate) Stop(_process);
        _watch?.Join();
        _process.Dispose();
        _disposed.Dispose();
        Page.Dispose();
    }
}
