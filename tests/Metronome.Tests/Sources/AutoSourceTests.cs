using Metronome.Timing.Sources;

namespace Metronome.Tests.Sources;

/// <summary>`auto`: the first source of its order that opens, on scripted availability.</summary>
public class AutoSourceTests
{
    private sealed class Named(TickSourceKind kind) : ITickSource
    {
        public TickSourceKind Kind => kind;
        public int Rate => 1000;
        public TickSchedule Start(long originNs) => throw new NotSupportedException("only opened, never run");
        public int WaitTick() => throw new NotSupportedException("only opened, never run");
        public void Dispose() { }
    }

    private static Named OpenIf(TickSourceKind kind, params TickSourceKind[] available) =>
        available.Contains(kind) ? new Named(kind) : throw new TickSourceException($"{kind.Name()} is not here");

    [Fact]
    public void Given_the_measurements_When_auto_is_asked_Then_it_tries_nanosleep_before_timerfd()
    {
        Assert.Equal([TickSourceKind.Nanosleep, TickSourceKind.TimerFd], TickSourceRegistry.AutoOrder);
    }

    [Fact]
    public void Given_both_open_When_auto_opens_Then_it_is_nanosleep()
    {
        using var source = TickSourceRegistry.OpenFirst(TickSourceRegistry.AutoOrder, n => OpenIf(n, TickSourceKind.TimerFd, TickSourceKind.Nanosleep));

        Assert.Equal(TickSourceKind.Nanosleep, source.Kind);
    }

    [Fact]
    public void Given_nanosleep_does_not_open_When_auto_opens_Then_it_is_timerfd()
    {
        using var source = TickSourceRegistry.OpenFirst(TickSourceRegistry.AutoOrder, n => OpenIf(n, TickSourceKind.TimerFd));

        Assert.Equal(TickSourceKind.TimerFd, source.Kind);
    }

    [Fact]
    public void Given_neither_opens_When_auto_opens_Then_one_line_gives_every_reason()
    {
        var e = Assert.Throws<TickSourceException>(() => TickSourceRegistry.OpenFirst(TickSourceRegistry.AutoOrder, n => OpenIf(n)));

        Assert.Equal("no source opens here (nanosleep: nanosleep is not here; timerfd: timerfd is not here)", e.Message);
    }
}
