using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>Knows every source by name, which of them open on this host, and what "auto" means.</summary>
internal static class TickSourceRegistry
{
    public const string Auto = TickSourceKind.Auto;

    private sealed record Entry(string Name, string Description, Func<TickSourceOptions, IMonotonicClock, ITickSource> Open, int DefaultRate = 1000);

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
    internal static IReadOnlyList<string> AutoOrder { get; } = [TickSourceKind.Nanosleep, TickSourceKind.TimerFd];

    public static IReadOnlyList<string> Names { get; } = [Auto, .. Entries.Select(e => e.Name)];

    /// <summary>The rate a source runs at unless told otherwise: 1000 Hz, but the dahdi source's is its block rate.</summary>
    public static int DefaultRate(string name) => Entries.FirstOrDefault(e => e.Name == name)?.DefaultRate ?? 1000;

    /// <summary>Opens a source by name; throws <see cref="TickSourceException"/> with one line why it cannot.</summary>
    public static ITickSource Open(string name, TickSourceOptions options, IMonotonicClock? clock = null)
    {
        clock ??= MonotonicClock.Instance;
        if (!OperatingSystem.IsLinux()) throw new TickSourceException("Metronome's tick sources need Linux");
        if (name == Auto) return OpenAuto(options, clock);
        var entry = Entries.FirstOrDefault(e => e.Name == name)
                    ?? throw new TickSourceException($"unknown source '{name}' (known: {string.Join(", ", Names)})");
        return entry.Open(options, clock);
    }

    private static ITickSource OpenAuto(TickSourceOptions options, IMonotonicClock clock) =>
        OpenFirst(AutoOrder, name => Open(name, options, clock));

    /// <summary>The first of <paramref name="order"/> that <paramref name="open"/> opens; else one line with every reason.</summary>
    internal static ITickSource OpenFirst(IReadOnlyList<string> order, Func<string, ITickSource> open)
    {
        var reasons = new List<string>();
        foreach (var name in order)
        {
            try
            {
                return open(name);
            }
            catch (TickSourceException e)
            {
                reasons.Add($"{name}: {e.Message}");
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
                Open(entry.Name, options with { Rate = entry.DefaultRate }).Dispose();
            }
            catch (TickSourceException e)
            {
                reason = e.Message;
            }
            rows.Add(new TickSourceInfo(entry.Name, entry.Description, reason is null, reason));
        }
        var pick = AutoOrder.FirstOrDefault(n => rows.Any(r => r.Name == n && r.Available));
        rows.Insert(0, pick is null
            ? new TickSourceInfo(Auto, "the best source that opens here", false, $"none of {string.Join(", ", AutoOrder)} opens")
            : new TickSourceInfo(Auto, $"the best source that opens here: {pick}", true, null));
        return rows;
    }
}
