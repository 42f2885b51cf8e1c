using System.Threading.Tasks.Sources;

namespace Metronome.Timing;

/// <summary>
/// The asynchronous consumer of a <see cref="Ticker"/>: one reusable value-task source, so awaiting a
/// tick allocates nothing. The ticker's thread only ever calls <see cref="Wake"/>; the tick itself is
/// taken on the consumer's side, in <see cref="GetResult"/>.
/// </summary>
internal sealed class TickerAsyncEnumerator : IAsyncEnumerator<Tick>, IValueTaskSource<bool>
{
    private readonly Ticker _ticker;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenRegistration _registration;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _waiting;
    private Tick _current;

    public TickerAsyncEnumerator(Ticker ticker, CancellationToken cancellation)
    {
        _ticker = ticker;
        _cancellation = cancellation;
        _registration = cancellation.UnsafeRegister(static state => ((TickerAsyncEnumerator)state!).Cancel(), this);
    }

    public Tick Current => _current;

    public ValueTask<bool> MoveNextAsync()
    {
        if (_cancellation.IsCancellationRequested) return ValueTask.FromCanceled<bool>(_cancellation);
        if (_ticker.TryTakeNext(out _current)) return new ValueTask<bool>(true);
        if (_ticker.Ended) return new ValueTask<bool>(EndOrThrow());
        _core.Reset();
        Volatile.Write(ref _waiting, 1);
        // A tick published between the check above and arming is not lost: wake ourselves.
        if (_ticker.Ended || _ticker.TryPeekNew()) Wake();
        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>From the ticker's thread after each tick, or from Dispose: completes a pending wait once.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1) _core.SetResult(true);
    }

    private void Cancel()
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1) _core.SetException(new OperationCanceledException(_cancellation));
    }

    public bool GetResult(short token)
    {
        _core.GetResult(token);
        if (_ticker.TryTakeNext(out _current)) return true;
        return EndOrThrow();
    }

    /// <summary>Disposal ends the stream quietly; a failed source is an error the consumer must see.</summary>
    private bool EndOrThrow()
    {
        _ticker.ThrowIfFailed();
        return false;
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    public ValueTask DisposeAsync()
    {
        _registration.Dispose();
        _ticker.ReleaseConsumer(this);
        return ValueTask.CompletedTask;
    }
}
