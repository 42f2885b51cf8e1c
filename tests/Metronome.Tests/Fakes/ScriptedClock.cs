using Metronome.Timing.Linux;

namespace Metronome.Tests.Fakes;

/// <summary>A clock that says what the test tells it to.</summary>
internal sealed class ScriptedClock(long startNs = 1_000_000_000) : IMonotonicClock
{
    public long Now { get; set; } = startNs;

    public long NowNs() => Now;
}
