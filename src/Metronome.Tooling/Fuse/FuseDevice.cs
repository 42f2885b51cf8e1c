using Metronome.Timing.Linux;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// One open of /dev/fuse attached to a connection: the mount's own descriptor, or a clone of it
/// (FUSE_DEV_IOC_CLONE) so that several threads each read requests from a descriptor of their own.
/// A request is answered on the descriptor it was read from.
/// </summary>
internal sealed unsafe class FuseDevice : IFuseChannel, IDisposable
{
    /// <summary>FUSE_DEV_IOC_CLONE: _IOR(229, 0, uint32_t) (linux/fuse.h).</summary>
    private const nuint IocClone = 0x8004E500;

    private int _fd;
    private long _failedSends;

    private FuseDevice(int fd) => _fd = fd;

    public int Fd => _fd;

    /// <summary>Replies the kernel refused for a reason other than the request or the mount having gone away.</summary>
    public long FailedSends => Interlocked.Read(ref _failedSends);

    /// <exception cref="FuseException">/dev/fuse cannot be opened.</exception>
    public static FuseDevice Open()
    {
        int fd = LibC.Open("/dev/fuse", LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd >= 0) return new FuseDevice(fd);
        int errno = LibC.LastError;
        throw new FuseException(errno == LibC.ENOENT
            ? "/dev/fuse does not exist: load the fuse module (modprobe fuse)"
            : $"cannot open /dev/fuse: {LibC.ErrorText(errno)}{FuseConnection.PrivilegeHint(errno)}");
    }

    /// <summary>A descriptor this process inherited from the process that opened it; closed on exec from now on.</summary>
    public static FuseDevice Adopt(int fd)
    {
        var device = new FuseDevice(fd);
        device.Inheritable(false);
        return device;
    }

    /// <summary>Whether a program this process starts inherits the descriptor (FD_CLOEXEC clear).</summary>
    /// <exception cref="FuseException">The descriptor is not open.</exception>
    public void Inheritable(bool inherit)
    {
        if (LibC.SetCloseOnExec(_fd, !inherit) != 0) throw new FuseException($"descriptor {_fd}: {LibC.ErrorText(LibC.LastError)}");
    }

    /// <summary>A new descriptor on the same connection as this one.</summary>
    /// <exception cref="FuseException">The kernel refused the clone.</exception>
    public FuseDevice Clone()
    {
        var clone = Open();
        uint source = (uint)_fd;
        if (LibC.Ioctl(clone._fd, IocClone, &source) == 0) return clone;
        int errno = LibC.LastError;
        clone.Dispose();
        throw new FuseException($"cannot clone the /dev/fuse descriptor (FUSE_DEV_IOC_CLONE): {LibC.ErrorText(errno)}");
    }

    /// <summary>
    /// Waits for a request and reads it: its length, 0 when the wait was interrupted or the request
    /// withdrawn, -1 once the connection has ended (unmounted or aborted).
    /// </summary>
    public int Receive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint n = LibC.Read(_fd, p, buffer.Length);
            if (n > 0) return (int)n;
            return Failed(LibC.LastError);
        }
    }

    /// <summary>As <see cref="Receive(Span{byte})"/>, waiting at most <paramref name="timeoutMs"/> (0 when none came).</summary>
    public int Receive(Span<byte> buffer, int timeoutMs)
    {
        var poll = new PollFd { Fd = _fd, Events = LibC.POLLIN };
        int ready = LibC.Poll(&poll, 1, timeoutMs);
        if (ready == 0) return 0;
        if (ready > 0) return Receive(buffer);
        int errno = LibC.LastError;
        return errno == LibC.EINTR ? 0 : throw new FuseException($"poll on /dev/fuse failed: {LibC.ErrorText(errno)}");
    }

    private static int Failed(int errno) => errno switch
    {
        LibC.ENODEV => -1,                                  // unmounted, or the connection aborted
        LibC.ENOENT or LibC.EINTR or LibC.EAGAIN => 0,      // the request was interrupted before we read it
        _ => throw new FuseException($"reading /dev/fuse failed: {LibC.ErrorText(errno)}"),
    };

    public void Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        fixed (byte* h = header)
        fixed (byte* b = body)
        {
            var iov = stackalloc IoVec[2];
            iov[0] = new IoVec { Base = h, Length = (nuint)header.Length };
            iov[1] = new IoVec { Base = b, Length = (nuint)body.Length };
            if (LibC.WriteV(_fd, iov, body.IsEmpty ? 1 : 2) >= 0) return;
            // ENOENT: the request was interrupted or aborted meanwhile; ENODEV: the mount is gone. Either
            // way nobody waits for this reply. Anything else is a malformed reply: ours to fix.
            if (LibC.LastError is not (LibC.ENOENT or LibC.ENODEV)) Interlocked.Increment(ref _failedSends);
        }
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
    }
}
