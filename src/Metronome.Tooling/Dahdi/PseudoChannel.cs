using Metronome.Timing.DahdiAbi;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// One open of /dev/dahdi/pseudo, as DAHDI's pseudo channel behaves toward a reader: every tick adds
/// 8 samples of µ-law silence (0xFF) to the block being filled; a full block becomes readable; a read
/// takes one whole block. With two buffers, a reader that falls behind loses the blocks that fill while
/// both are full (DAHDI drops new data until a buffer is free) instead of queueing without bound. Not
/// thread-safe: the transport serialises access.
/// </summary>
internal sealed class PseudoChannel
{
    public const int Buffers = DahdiWire.DefaultBuffers;

    /// <summary>µ-law silence.</summary>
    public const byte Silence = 0xFF;

    private int _filling;
    private int _ready;

    public int BlockSize { get; private set; } = DahdiWire.DefaultBlockSize;

    /// <summary>Full blocks waiting for the reader (0..<see cref="Buffers"/>).</summary>
    public int ReadyBlocks => _ready;

    /// <summary>Blocks dropped because the reader was more than <see cref="Buffers"/> blocks behind.</summary>
    public long LostBlocks { get; private set; }

    /// <summary>DAHDI_SET_BLOCKSIZE: a new size empties the buffers, as DAHDI reallocates them.</summary>
    public bool TrySetBlockSize(int samples)
    {
        if (samples is < DahdiWire.MinBlockSize or > DahdiWire.MaxBlockSize) return false;
        BlockSize = samples;
        _filling = 0;
        _ready = 0;
        return true;
    }

    /// <summary>One tick of the master span: <paramref name="samples"/> more samples (8 at 1 kHz).</summary>
    public void OnTick(int samples = DahdiWire.ChunkSize)
    {
        _filling += samples;
        while (_filling >= BlockSize)
        {
            _filling -= BlockSize;
            if (_ready == Buffers) LostBlocks++;
            else _ready++;
        }
    }

    /// <summary>
    /// Takes one block if one is ready: returns its length in bytes, cut to <paramref name="maxBytes"/>
    /// (the rest of that block is dropped, as DAHDI does), or 0 when the reader must wait. The bytes
    /// are always silence: <see cref="SilenceBlock"/>.
    /// </summary>
    public int TryTake(int maxBytes)
    {
        if (_ready == 0 || maxBytes <= 0) return 0;
        _ready--;
        return Math.Min(maxBytes, BlockSize);
    }

    /// <summary>The content of every block: <see cref="DahdiWire.MaxBlockSize"/> bytes of µ-law silence.</summary>
    public static ReadOnlySpan<byte> SilenceBlock => SilenceBytes;

    private static readonly byte[] SilenceBytes = Enumerable.Repeat(Silence, DahdiWire.MaxBlockSize).ToArray();
}
