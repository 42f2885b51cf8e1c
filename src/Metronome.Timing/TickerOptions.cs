namespace Metronome.Timing;

/// <summary>How to open a <see cref="Ticker"/>. The defaults give a 1 kHz tick on the best precise source, without touching the process's scheduling.</summary>
public sealed class TickerOptions
{
    private const long NsPerSecond = 1_000_000_000;

    /// <summary>Ticks per second, 1 to 10000. Default 1000.</summary>
    public int RateHz { get; init; } = 1000;

    /// <summary>
    /// The period instead of the rate: it must divide one second into a whole number of ticks
    /// (20 ms → 50 Hz); reading it gives 1 s / <see cref="RateHz"/>.
    /// </summary>
    public TimeSpan Period
    {
        get => TimeSpan.FromTicks(TimeSpan.TicksPerSecond / RateHz);
        init
        {
            if (value <= TimeSpan.Zero || TimeSpan.TicksPerSecond % value.Ticks != 0)
                throw new ArgumentOutOfRangeException(nameof(Period), value, "The period must divide one second into a whole number of ticks (for example 1 ms, 10 ms, 20 ms).");
            RateHz = (int)(TimeSpan.TicksPerSecond / value.Ticks);
        }
    }

    /// <summary>The timer to sleep on. Default <see cref="TickerSource.Auto"/>.</summary>
    public TickerSource Source { get; init; } = TickerSource.Auto;

    /// <summary>
    /// SCHED_FIFO priority (1 to 99) for the ticker's thread, or null (default) to leave it SCHED_OTHER.
    /// Needs root, CAP_SYS_NICE or an RLIMIT_RTPRIO at least this high; when refused the ticker runs
    /// anyway and says so in <see cref="Ticker.Warnings"/>.
    /// </summary>
    public int? RealtimePriority { get; init; }

    /// <summary>
    /// CPUs for the ticker: one pins its thread there; two or more start one thread per CPU, each
    /// pinned, all sleeping to the same deadlines, and the first to wake delivers the tick, so a
    /// stalled vCPU does not stall the tick (the others sleep 50 µs longer and deliver only what is
    /// still unclaimed). Null (default) leaves affinity alone.
    /// </summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>
    /// When no precise source opens (not Linux, or the syscalls are refused): false (default) makes
    /// <see cref="Ticker.Start(TickerOptions?)"/> throw <see cref="TickerUnavailableException"/>; true opens .NET's
    /// PeriodicTimer instead, quantised to the OS timer (4 ms at HZ=250), with
    /// <see cref="Ticker.IsBestEffort"/> true so the caller can say so.
    /// </summary>
    public bool AllowBestEffort { get; init; }

    internal long PeriodNs => NsPerSecond / RateHz;
}
