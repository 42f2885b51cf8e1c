namespace Metronome.Timing.Sources;

/// <summary>What a tick thread hands each wake-up to. Called on the tick thread; must not allocate.</summary>
internal interface ITickSink
{
    /// <summary><paramref name="elapsed"/> ticks passed at this wake-up (≥ 1); false ends the loop.</summary>
    bool OnTicks(int elapsed);
}
