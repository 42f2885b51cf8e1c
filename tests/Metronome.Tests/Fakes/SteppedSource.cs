using Metronome.Timing.Sources;

namespace Metronome.Tests.Fakes;

/// <summary>
/// A source that wakes only when the test says so, with the time and elapsed ticks the test gives:
/// <see cref="Step"/> returns once the tick thread has handled that wake-up and is waiting again, so a
/// test and a ticker's thread move in lockstep. It also measures the tick thread's own allocations.
/// </summary>
internal sealed class SteppedSource(ScriptedClock clock, TickSourceKind kind = TickSourceKind.Nanosleep) : ITickSource
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _waiting = new(0);
    private long _nextWakeNs;
    private int _nextElapsed;
    private string? _failWith;

    public TickSourceKind Kind => kind;

    public int Rate => 1000;

    public long OriginNs { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>The tick thread's allocated bytes when it last entered <see cref="WaitTick"/>.</summary>
    public long TickThreadAllocated { get; private set; }

    public TickSchedule Start(long originNs)
    {
        OriginNs = originNs;
        return new TickSchedule(originNs, Rate);
    }

    public int WaitTick()
    {
        TickThreadAllocated = GC.GetAllocatedBytesForCurrentThread();
        _waiting.Release();
        _wake.Wait();
        if (_failWith is { } message) throw new TickSourceException(message);
        clock.Now = _nextWakeNs;
        return _nextElapsed;
    }

    /// <summary>Wakes the tick thread at <paramref name="wakeNs"/> with <paramref name="elapsed"/> ticks; returns when it waits again.</summary>
    public void Step(long wakeNs, int elapsed = 1)
    {
        _waiting.Wait();
        _nextWakeNs = wakeNs;
        _nextElapsed = elapsed;
        _wake.Release();
        // Block until the thread is back in WaitTick: the tick has been published.
        _waiting.Wait();
        _waiting.Release();
    }

    /// <summary>Makes the next wake-up throw, as a source whose timer broke would.</summary>
    public void Fail(string message)
    {
        _waiting.Wait();
        _failWith = message;
        _wake.Release();
    }

    /// <summary>Lets a waiting tick thread go one last time without waiting for it (after the ticker was disposed).</summary>
    public void Unblock(long wakeNs)
    {
        _nextWakeNs = wakeNs;
        _nextElapsed = 1;
        _wake.Release();
    }

    public void Dispose() => Disposed = true;
}
