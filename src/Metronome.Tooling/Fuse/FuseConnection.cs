using Metronome.Timing.Linux;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// A FUSE mount made directly with mount(2) on an open /dev/fuse, as root (or with CAP_SYS_ADMIN):
/// requests are read from the descriptor and replies written to it. Disposing detaches the mount, then
/// closes the descriptor, which aborts whatever the kernel still had queued.
/// </summary>
internal sealed unsafe class FuseConnection : IFuseChannel, IDisposable
{
    private readonly string _mountPoint;
    private int _fd;
    private bool _mounted;

    private FuseConnection(int fd, string mountPoint)
    {
        _fd = fd;
        _mountPoint = mountPoint;
        _mounted = true;
    }

    private long _failedSends;

    /// <summary>Replies the kernel refused for a reason other than the request or the mount having gone away.</summary>
    public long FailedSends => Interlocked.Read(ref _failedSends);

    /// <param name="name">The file system's name: mount shows it as source and as type "fuse.NAME".</param>
    public static FuseConnection Mount(string mountPoint, string name)
    {
        int fd = LibC.Open("/dev/fuse", LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = LibC.LastError;
            throw new FuseException(errno == LibC.ENOENT
                ? "/dev/fuse does not exist: load the fuse module (modprobe fuse)"
                : $"cannot open /dev/fuse: {LibC.ErrorText(errno)}{PrivilegeHint(errno)}");
        }
        // allow_other: Asterisk runs as its own user; default_permissions: the kernel checks the mode bits.
        string data = $"fd={fd},rootmode=40000,user_id={LibC.GetEffectiveUid()},group_id=0,allow_other,default_permissions";
        if (LibC.Mount(name, mountPoint, "fuse." + name, LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_NOEXEC, data) != 0)
        {
            int errno = LibC.LastError;
            LibC.Close(fd);
            throw new FuseException($"cannot mount on {mountPoint}: {LibC.ErrorText(errno)}{PrivilegeHint(errno)}");
        }
        return new FuseConnection(fd, mountPoint);
    }

    private static string PrivilegeHint(int errno) =>
        errno is LibC.EPERM or LibC.EACCES ? " (mounting needs root or CAP_SYS_ADMIN)" : "";

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for a request and reads it: its length, 0 when none came
    /// (or it was withdrawn), -1 once the file system is unmounted.
    /// </summary>
    public int Receive(Span<byte> buffer, int timeoutMs)
    {
        var poll = new PollFd { Fd = _fd, Events = LibC.POLLIN };
        int ready = LibC.Poll(&poll, 1, timeoutMs);
        if (ready == 0) return 0;
        if (ready < 0)
        {
            int errno = LibC.LastError;
            return errno == LibC.EINTR ? 0 : throw new FuseException($"poll on /dev/fuse failed: {LibC.ErrorText(errno)}");
        }
        fixed (byte* p = buffer)
        {
            nint n = LibC.Read(_fd, p, buffer.Length);
            if (n > 0) return (int)n;
            int errno = LibC.LastError;
            return errno switch
            {
                LibC.ENODEV => -1,                                  // unmounted
                LibC.ENOENT or LibC.EINTR or LibC.EAGAIN => 0,      // the request was interrupted before we read it
                _ => throw new FuseException($"reading /dev/fuse failed: {LibC.ErrorText(errno)}"),
            };
        }
    }

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

    /// <summary>Detaches the mount (at once, even while files are open); idempotent.</summary>
    public void Unmount()
    {
        if (!_mounted) return;
        _mounted = false;
        LibC.Umount2(_mountPoint, LibC.MNT_DETACH);
    }

    public void Dispose()
    {
        Unmount();
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
    }
}
