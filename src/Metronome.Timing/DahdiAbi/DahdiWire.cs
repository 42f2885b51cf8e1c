namespace Metronome.Timing.DahdiAbi;

/// <summary>
/// What a DAHDI channel looks like to a reader (dahdi/kernel.h, dahdi/user.h, reference/dahdi.md): the
/// facts the dahdi source, the emulated devices and dahdi_test's scoring all count in.
/// </summary>
internal static class DahdiWire
{
    /// <summary>Samples a channel delivers per second (8 kHz telephony).</summary>
    public const int SampleRate = 8000;

    /// <summary>Master span ticks per second: one DAHDI_CHUNKSIZE chunk each.</summary>
    public const int TickRate = 1000;

    /// <summary>Samples the master span produces per 1 ms tick (DAHDI_CHUNKSIZE).</summary>
    public const int ChunkSize = SampleRate / TickRate;

    /// <summary>Samples per read until DAHDI_SET_BLOCKSIZE says otherwise (DAHDI_DEFAULT_BLOCKSIZE).</summary>
    public const int DefaultBlockSize = 1024;

    /// <summary>The smallest block DAHDI_SET_BLOCKSIZE accepts (16 samples, 2 ms).</summary>
    public const int MinBlockSize = 16;

    /// <summary>The largest block DAHDI_SET_BLOCKSIZE accepts (DAHDI_MAX_BLOCKSIZE).</summary>
    public const int MaxBlockSize = 8192;

    /// <summary>Full blocks a channel holds for its reader (DAHDI_DEFAULT_NUM_BUFS); new ones are dropped while they are full.</summary>
    public const int DefaultBuffers = 2;
}
