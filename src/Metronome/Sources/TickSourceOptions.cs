namespace Metronome.Sources;

/// <summary>How to open a source.</summary>
/// <param name="Rate">Ticks per second, 1..10000.</param>
/// <param name="SpinUs">For the hybrid source: the window before each deadline spent spinning.</param>
public sealed record TickSourceOptions(int Rate = 1000, int SpinUs = 100)
{
    public const int MinRate = 1;
    public const int MaxRate = 10_000;
}
