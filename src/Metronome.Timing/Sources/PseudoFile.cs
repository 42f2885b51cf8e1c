using System.Runtime.InteropServices;
using Metronome.Timing.DahdiAbi;
using Metronome.Timing.Linux;

namespace Metronome.Timing.Sources;

/// <summary>A DAHDI pseudo device opened for reading: kernel DAHDI's or `metronome dahdi`'s.</summary>
internal sealed unsafe class PseudoFile : IPseudoFile
{
    private readonly string _device;
    private int _fd;
    private byte* _buffer;
    private int _blockSamples = DahdiWire.MaxBlockSize;

    private PseudoFile(int fd, string device)
    {
        _fd = fd;
        _device = device;
        _buffer = (byte*)NativeMemory.Alloc(DahdiWire.MaxBlockSize);
    }

    public static PseudoFile Open(string device)
    {
        int fd = LibC.Open(device, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0)
            throw new TickSourceException($"cannot open {device}: {LibC.ErrorText(LibC.LastError)} (is kernel DAHDI loaded, or `metronome dahdi` running?)");
        return new PseudoFile(fd, device);
    }

    public void SetBlockSize(int samples)
    {
        if (LibC.Ioctl(_fd, DahdiIoctl.SetBlockSize, &samples) != 0)
            throw new TickSourceException($"{_device} refused a block size of {samples} samples: {LibC.ErrorText(LibC.LastError)}");
        _blockSamples = samples;
    }

    public void ReadBlock()
    {
        nint n = LibC.ReadRestarting(_fd, _buffer, _blockSamples);
        if (n > 0) return;
        throw new TickSourceException(n == 0
            ? $"{_device} returned end of file"
            : $"reading {_device} failed: {LibC.ErrorText(LibC.LastError)}");
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
        if (_buffer is not null) NativeMemory.Free(_buffer);
        _buffer = null;
    }
}
