using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>Knows every source by kind, which of them open on this host, and what <see cref="TickSourceKind.Auto"/> means.</summary>
internal static class TickSourceRegistry
{
    private sealed record Entry(TickSourceKind Kind, string Description, Func<TickSourceOptions, IMonotonicClock, ITickSource> Open, int DefaultRate = 1000);

    private static readonly Entry[] Entries =
    [
        new(TickSourceKind.TimerFd, "timerfd on CLOCK_MONOTONIC, absolute schedule; the kernel counts overruns",
            (o, _) => TimerFdSource.Open(o)),
        new(TickSourceKind.Nanosleep, "clock_nanosleep(TIMER_ABSTIME) to each deadline; never drifts",
            (o, c) => new NanosleepSource(o, c)),
        new(TickSourceKind.Hybrid, "sleep to deadline - spin window, then spin on the clock; costs CPU",
            (o, c) => new HybridSource(o, c)),
        new(TickSourceKind.Dotnet, ".NET PeriodicTimer: the baseline, quantised to the kernel jiffy",
            (o, c) => new DotnetTimerSource(o, c)),
        new(TickSourceKind.Dahdi, "reads a DAHDI pseudo device (kernel DAHDI or metronome dahdi) block by block; at most 500 Hz",
            DahdiSource.Open, DahdiSource.DefaultRate),
    ];

    /// <summary>
    /// The order "auto" tries: nanosleep, which woke sooner than timerfd in every same-run measurement
    /// (bench/results/auto-source.md, docs/auto.md), then timerfd.
    /// </summary>
    internal static IReadOnlyList<TickSourceKind> AutoOrder { get; } = [TickSourceKind.Nanosleep, TickSourceKind.TimerFd];

    /// <summary>Every kind `--source` takes: auto first, then the sources.</summary>
    public static IReadOnlyList<TickSourceKind> Kinds { get; } = [TickSourceKind.Auto, .. Entries.Select(e => e.Kind)];

    /// <summary>The rate a source runs at unless told otherwise: 1000 Hz, but the dahdi source's is its block rate.</summary>
    public static int DefaultRate(TickSourceKind kind) => Entries.FirstOrDefault(e => e.Kind == kind)?.DefaultRate ?? 1000;

    /// <summary>Opens a source of <paramref name="kind"/>; throws <see cref="TickSourceException"/> with one line why it cannot.</summary>
    public static ITickSource Open(TickSourceKind kind, TickSourceOptions options, IMonotonicClock? clock = null)
    {
        clock ??= MonotonicClock.Instance;
        if (!OperatingSystem.IsLinux()) throw new TickSourceException("Metronome's tick sources need Linux");
        if (kind == TickSourceKind.Auto) return OpenAuto(options, clock);
        return Entries.Single(e => e.Kind == kind).Open(options, clock);
    }

    private static ITickSource OpenAuto(TickSourceOptions options, IMonotonicClock clock) =>
        OpenFirst(AutoOrder, kind => Open(kind, options, clock));

    /// <summary>The first of <paramref name="order"/> that <paramref name="open"/> opens; else one line with every reason.</summary>
    internal static ITickSource OpenFirst(IReadOnlyList<TickSourceKind> order, Func<TickSourceKind, ITickSource> open)
    {
        var reasons = new List<string>();
        foreach (var kind in order)
        {
            try
            {
                return open(kind);
            }
            catch (TickSourceException e)
            {
                reasons.Add($"{kind.Name()}: {e.Message}");
            }
        }
        throw new TickSourceException($"no source opens here ({string.Join("; ", reasons)})");
    }

    /// <summary>Every source with whether it opens here (each at its default rate); "auto" names the one it would pick.</summary>
    public static IReadOnlyList<TickSourceInfo> Describe(TickSourceOptions options)
    {
        var rows = new List<TickSourceInfo>();
        foreach (var entry in Entries)
        {
            string? reason = null;
            try
            {
                Open(entry.Kind, options with { Rate = entry.DefaultRate }).Dispose();
            }
            catch (TickSourceException e)
            {
                reason = e.Message;
            }
            rows.Add(new TickSourceInfo(entry.Kind, entry.Description, reason is null, reason));
        }
        var pick = AutoOrder.Where(k => rows.Any(r => r.Kind == k && r.Available)).Select(k => (TickSourceKind?)k).FirstOrDefault();
        rows.Insert(0, pick is not { } kind
            ? new TickSourceInfo(TickSourceKind.Auto, "the best source that opens here", false, $"none of {TickSourceKinds.List(AutoOrder)} opens")
            : new TickSourceInfo(TickSourceKind.Auto, $"the best source that opens here: {kind.Name()}", true, null));
        return rows;
    }
}
