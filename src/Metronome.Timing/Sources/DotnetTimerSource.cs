using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>
/// The baseline: .NET's PeriodicTimer. On Linux the managed timer queue waits in whole milliseconds
/// against the coarse clock, so at HZ=250 it fires every 4 ms however short the period; this source
/// exists to show that. The tick thread blocks on an event that the timer's continuation sets, with a
/// cached callback so that waiting allocates nothing.
/// </summary>
internal sealed class DotnetTimerSource : ITickSource
{
    private readonly TickSourceOptions _options;
    private readonly IMonotonicClock _clock;
    private readonly ManualResetEventSlim _fired = new(false);
    private readonly Action _onFired;
    private PeriodicTimer? _timer;
    private TickSchedule _schedule;
    private long _last;

    public DotnetTimerSource(TickSourceOptions options, IMonotonicClock clock)
    {
        _options = options;
        _clock = clock;
        _onFired = _fired.Set;
    }

    public TickSourceKind Kind => TickSourceKind.Dotnet;

    public int Rate => _options.Rate;

    public TickSchedule Start(long originNs)
    {
        _schedule = new TickSchedule(originNs, _options.Rate);
        _last = 0;
        _timer?.Dispose();
        _timer = new PeriodicTimer(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / _options.Rate));
        return _schedule;
    }

    public int WaitTick()
    {
        var timer = _timer ?? throw new InvalidOperationException("Start the source before waiting on it.");
        _fired.Reset();
        // The ValueTask is consumed exactly once, through its awaiter: blocking on it without
        // AsTask() is what keeps this wait allocation-free.
#pragma warning disable CA2012
        var awaiter = timer.WaitForNextTickAsync().ConfigureAwait(false).GetAwaiter();
#pragma warning restore CA2012
        if (!awaiter.IsCompleted)
        {
            awaiter.UnsafeOnCompleted(_onFired);
            _fired.Wait();
        }
        if (!awaiter.GetResult()) throw new TickSourceException("the .NET timer was disposed");
        // PeriodicTimer merges missed ticks silently; the clock tells how many deadlines really passed.
        return TickCounting.Advance(ref _last, _schedule, _clock.NowNs());
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _fired.Dispose();
    }
}
