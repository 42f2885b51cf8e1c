namespace Metronome.Timing.Sources;

/// <summary>How to open a source.</summary>
/// <param name="Rate">Ticks per second, 1..10000.</param>
/// <param name="SpinUs">For the hybrid source: the window before each deadline spent spinning.</param>
/// <param name="DahdiDevice">For the dahdi source: the pseudo device to read.</param>
internal sealed record TickSourceOptions(int Rate = 1000, int SpinUs = 100, string DahdiDevice = DahdiSource.DefaultDevice)
{
    public const int MinRate = 1;
    public const int MaxRate = 10_000;
}
