using Metronome.Timing.Linux;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// A FUSE mount made directly with mount(2) on an open /dev/fuse, as root (or with CAP_SYS_ADMIN), and
/// the descriptors that serve it: the mount's own and its clones, one per request thread. Disposing
/// detaches the mount, then closes every descriptor, which aborts whatever the kernel still had queued.
/// </summary>
internal sealed unsafe class FuseConnection : IFuseChannel, IDisposable
{
    private readonly string _mountPoint;
    private readonly List<FuseDevice> _clones = [];
    private readonly bool _adopted;
    private bool _mounted;

    private FuseConnection(FuseDevice device, string mountPoint, bool adopted = false)
    {
        Device = device;
        _mountPoint = mountPoint;
        _mounted = true;
        _adopted = adopted;
    }

    /// <summary>
    /// The connection a keeper process mounted and holds, from the descriptors this process inherited
    /// (the mount's and its clones). Disposing closes this process's descriptors and never unmounts:
    /// the keeper's keep the connection alive for the next serving process.
    /// </summary>
    public static FuseConnection Adopt(IReadOnlyList<int> fds, string mountPoint)
    {
        var connection = new FuseConnection(FuseDevice.Adopt(fds[0]), mountPoint, adopted: true);
        foreach (int fd in fds.Skip(1)) connection._clones.Add(FuseDevice.Adopt(fd));
        return connection;
    }

    /// <summary>Every descriptor open on the connection: the mount's, then the clones.</summary>
    public IReadOnlyList<FuseDevice> Descriptors
    {
        get
        {
            lock (_clones) return [Device, .. _clones];
        }
    }

    /// <summary>The descriptor request thread <paramref name="index"/> reads: an adopted one, else the mount's or a new clone.</summary>
    public FuseDevice Reader(int index)
    {
        if (index == 0) return Device;
        if (!_adopted) return Clone();
        lock (_clones) return _clones[index - 1];
    }

    /// <summary>The mount's own descriptor: requests are read from it, notifications may go to it.</summary>
    public FuseDevice Device { get; }

    /// <summary>Replies the kernel refused for a reason other than the request or the mount having gone away.</summary>
    public long FailedSends
    {
        get
        {
            long failed = Device.FailedSends;
            lock (_clones) foreach (var clone in _clones) failed += clone.FailedSends;
            return failed;
        }
    }

    /// <param name="name">The file system's name: mount shows it as source and as type "fuse.NAME".</param>
    public static FuseConnection Mount(string mountPoint, string name)
    {
        var device = FuseDevice.Open();
        // allow_other: Asterisk runs as its own user; default_permissions: the kernel checks the mode bits.
        string data = $"fd={device.Fd},rootmode=40000,user_id={LibC.GetEffectiveUid()},group_id=0,allow_other,default_permissions";
        if (LibC.Mount(name, mountPoint, "fuse." + name, LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_NOEXEC, data) != 0)
        {
            int errno = LibC.LastError;
            device.Dispose();
            throw new FuseException($"cannot mount on {mountPoint}: {LibC.ErrorText(errno)}{PrivilegeHint(errno)}");
        }
        return new FuseConnection(device, mountPoint);
    }

    internal static string PrivilegeHint(int errno) =>
        errno is LibC.EPERM or LibC.EACCES ? " (mounting needs root or CAP_SYS_ADMIN)" : "";

    /// <summary>Another descriptor on this connection, for one more request thread; closed with the connection.</summary>
    public FuseDevice Clone()
    {
        var clone = Device.Clone();
        lock (_clones) _clones.Add(clone);
        return clone;
    }

    /// <inheritdoc cref="FuseDevice.Receive(Span{byte}, int)"/>
    public int Receive(Span<byte> buffer, int timeoutMs) => Device.Receive(buffer, timeoutMs);

    public void Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body) => Device.Send(header, body);

    /// <summary>
    /// Sends <paramref name="count"/> requests that any request thread answers at once (statfs is never
    /// cached), so that threads blocked in a read return and see that they must stop. From a thread of
    /// its own: if no thread reads any more, the call waits until the connection is closed.
    /// </summary>
    public void Wake(int count)
    {
        if (!_mounted) return;
        string path = _mountPoint;
        var waker = new Thread(() =>
        {
            Span<byte> buffer = stackalloc byte[LibC.StatFsSize];
            fixed (byte* p = buffer)
                for (int i = 0; i < count; i++) LibC.StatFs(path, p);
        }) { IsBackground = true, Name = "metronome-fuse-wake" };
        waker.Start();
    }

    /// <summary>Detaches the mount (at once, even while files are open); idempotent.</summary>
    public void Unmount()
    {
        if (!_mounted || _adopted) return;
        _mounted = false;
        LibC.Umount2(_mountPoint, LibC.MNT_DETACH);
    }

    public void Dispose()
    {
        Unmount();
        lock (_clones)
        {
            foreach (var clone in _clones) clone.Dispose();
            _clones.Clear();
        }
        Device.Dispose();
    }
}
