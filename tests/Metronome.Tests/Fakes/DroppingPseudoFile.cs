using Metronome.Timing.Sources;

namespace Metronome.Tests.Fakes;

/// <summary>
/// A pseudo channel reduced to its timing, allocating nothing: every read waits for the next block
/// boundary, and every <paramref name="dropEvery"/>th block is one the device dropped (the reader gets the
/// block after it), as after a stall the buffers could not hold.
/// </summary>
internal sealed class DroppingPseudoFile(ScriptedClock clock, long periodNs, int dropEvery) : IPseudoFile
{
    private const long DeliveryNs = 20_000;
    private readonly long _origin = clock.Now;
    private long _block;

    public long Dropped { get; private set; }

    public void SetBlockSize(int samples) { }

    public void ReadBlock()
    {
        if (++_block % dropEvery == 0)
        {
            _block++;
            Dropped++;
        }
        clock.Now = _origin + _block * periodNs + DeliveryNs;
    }

    public void Dispose() { }
}
