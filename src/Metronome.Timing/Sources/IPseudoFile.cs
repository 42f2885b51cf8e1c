namespace Metronome.Timing.Sources;

/// <summary>
/// What the dahdi source reads: an open DAHDI pseudo channel (<see cref="PseudoFile"/>), or a simulated
/// one in tests, so that the source's counting runs on scripted device timing.
/// </summary>
internal interface IPseudoFile : IDisposable
{
    /// <summary>DAHDI_SET_BLOCKSIZE; a new size empties the buffers. Throws <see cref="TickSourceException"/> when refused.</summary>
    void SetBlockSize(int samples);

    /// <summary>Blocks until one block is there and reads it; throws <see cref="TickSourceException"/> on end of file or an error.</summary>
    void ReadBlock();
}
