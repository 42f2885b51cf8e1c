using System.Runtime.InteropServices;
using Metronome.Tooling.Dahdi;
using Metronome.Timing.Linux;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>A test's own client of the DAHDI devices: the calls dahdi_test and res_timing_dahdi make.</summary>
internal sealed unsafe partial class DeviceFile : IDisposable
{
    private int _fd;

    public DeviceFile(string path)
    {
        _fd = LibC.Open(path, LibC.O_RDWR | LibC.O_CLOEXEC);
        Assert.True(_fd >= 0, $"open {path}: {LibC.ErrorText(LibC.LastError)}");
    }

    /// <summary>One blocking read; returns the bytes (asserting each is µ-law silence).</summary>
    public int Read(byte[] buffer)
    {
        nint n;
        fixed (byte* p = buffer) n = LibC.Read(_fd, p, buffer.Length);
        Assert.True(n >= 0, $"read: {LibC.ErrorText(LibC.LastError)}");
        Assert.True(buffer.AsSpan(0, (int)n).IndexOfAnyExcept(PseudoChannel.Silence) < 0, "a byte that is not silence");
        return (int)n;
    }

    public int Write(byte[] data)
    {
        fixed (byte* p = data) return (int)LibC.Write(_fd, p, data.Length);
    }

    /// <summary>ioctl with an int argument; returns the int after the call, or fails the test.</summary>
    public int Ioctl(uint command, int value = 0)
    {
        int arg = value;
        Assert.True(LibC.Ioctl(_fd, command, &arg) == 0, $"ioctl 0x{command:X}: {LibC.ErrorText(LibC.LastError)}");
        return arg;
    }

    /// <summary>ioctl expected to fail; returns its errno.</summary>
    public int IoctlError(uint command, int value = 0)
    {
        int arg = value;
        Assert.Equal(-1, LibC.Ioctl(_fd, command, &arg));
        return LibC.LastError;
    }

    /// <summary>poll for <paramref name="events"/>; returns what was reported (0 on timeout).</summary>
    public short Poll(short events, int timeoutMs)
    {
        var fds = new PollFd { Fd = _fd, Events = events };
        int n = LibC.Poll(&fds, 1, timeoutMs);
        Assert.True(n >= 0, $"poll: {LibC.ErrorText(LibC.LastError)}");
        return n == 0 ? (short)0 : fds.ReturnedEvents;
    }

    /// <summary>lseek to the start; returns the errno (0 if the file seeked).</summary>
    public int SeekError() => LSeek(_fd, 0, 0) < 0 ? Marshal.GetLastPInvokeError() : 0;

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long LSeek(int fd, long offset, int whence);

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
    }
}
