using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// The one way a source is ticked: a dedicated thread that first applies the real-time request to
/// itself (undone when it ends), then runs a body that starts the source, says
/// <see cref="MarkTicking"/>, and calls <see cref="Loop"/>. <see cref="Start"/> returns once the body
/// is ticking or has ended; <see cref="RequestStop"/> ends the loop at the next wake-up.
/// </summary>
/// <param name="name">The thread's name (what ps and /proc/PID/task/*/comm show).</param>
internal sealed class TickThread(string name = "metronome-tick") : IDisposable
{
    private readonly ManualResetEventSlim _ticking = new(false);
    private Thread? _thread;
    private volatile bool _stop;

    /// <summary>What real-time setup the thread got; null until it has asked.</summary>
    public RealtimeReport? Realtime { get; private set; }

    public bool StopRequested => _stop;

    public bool IsAlive => _thread is { IsAlive: true };

    /// <summary>Starts the thread and waits until <paramref name="body"/> is ticking (or has ended); returns the real-time report.</summary>
    public RealtimeReport Start(RealtimeRequest request, Action<TickThread> body)
    {
        if (_thread is not null) throw new InvalidOperationException("The tick thread has already started.");
        _thread = new Thread(() => Main(request, body)) { Name = name, IsBackground = true };
        _thread.Start();
        _ticking.Wait();
        return Realtime!;
    }

    private void Main(RealtimeRequest request, Action<TickThread> body)
    {
        using var realtime = new RealtimeSetup();
        Realtime = realtime.Apply(request);
        try
        {
            body(this);
        }
        finally
        {
            _ticking.Set();
        }
    }

    /// <summary>Called by the body once the source has started: <see cref="Start"/> returns.</summary>
    public void MarkTicking() => _ticking.Set();

    /// <summary>Waits for each tick and hands it to <paramref name="sink"/> until the sink or <see cref="RequestStop"/> ends it.</summary>
    public void Loop(ITickSource source, ITickSink sink)
    {
        while (!_stop)
        {
            if (!sink.OnTicks(source.WaitTick())) return;
        }
    }

    public void RequestStop() => _stop = true;

    /// <summary>Waits for the thread to end; false if it is still running after <paramref name="timeout"/>.</summary>
    public bool Join(TimeSpan? timeout = null) => _thread is null || (timeout is { } t ? _thread.Join(t) : JoinForever(_thread));

    private static bool JoinForever(Thread thread)
    {
        thread.Join();
        return true;
    }

    public void Dispose()
    {
        RequestStop();
        Join();
        _ticking.Dispose();
    }
}
