using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// Keeps the serving process's <see cref="DahdiLoadFile"/> current: every <see cref="DahdiLoadSampler.Window"/>
/// it writes the window just ended, and when disposed it removes the file. A file it cannot write is
/// reported once through <paramref name="warn"/>, and serving goes on.
/// </summary>
internal sealed class DahdiLoadWriter : IDisposable
{
    private readonly DahdiServer _server;
    private readonly DahdiLoadFile _file;
    private readonly DahdiLoadSampler _sampler;
    private readonly Action<string> _warn;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private bool _stopped;
    private bool _warned;

    public DahdiLoadWriter(DahdiServer server, DahdiLoadFile file, Action<string> warn)
    {
        _server = server;
        _file = file;
        _warn = warn;
        _sampler = new DahdiLoadSampler(Environment.ProcessId, server.RequestThreads, Environment.ProcessorCount, MonotonicClock.Instance);
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, DahdiLoadSampler.Window);
    }

    private void Sample()
    {
        lock (_gate)
        {
            if (_stopped) return;
            var report = _sampler.Sample(_server.Requests.AllRequests, DahdiLoadSampler.ThreadCpuSeconds(_server.RequestThreadIds));
            if (report is null) return;
            try
            {
                _file.Write(report);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!_warned) _warn($"cannot write the load report {_file.Path} (the doctor reads it): {e.Message}");
                _warned = true;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate) _stopped = true;
        _timer.Dispose();
        _file.Remove();
    }
}
