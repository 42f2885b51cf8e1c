using Metronome.Tooling.Fuse;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// What outlives a serving process: the mount, its /dev/fuse descriptors (the mount's and one clone per
/// further request thread; a connection is aborted only when the last of its descriptors closes, and a
/// descriptor closing ends the requests read on it, so every descriptor a serving process reads must be
/// one the keeper holds) and the channels' state page. All are close-on-exec, handed over only to each
/// serving process it starts (<see cref="Metronome.Timing.Linux.ChildStart"/>), which keeps them to itself.
/// </summary>
internal sealed class DahdiKeeper : IDisposable
{
    private readonly int _requestThreads;
    private DahdiMountPoint _mountPoint;
    private FuseConnection _connection;

    private DahdiKeeper(DahdiMountPoint mountPoint, FuseConnection connection, DahdiStatePage page, int requestThreads)
    {
        _mountPoint = mountPoint;
        _connection = connection;
        Page = page;
        _requestThreads = requestThreads;
    }

    public string MountPoint => _mountPoint.Path;

    public DahdiStatePage Page { get; }

    /// <summary>The /dev/fuse descriptors a serving process reads, one per request thread, as its --serve-fds.</summary>
    public IReadOnlyList<int> FuseFds => [.. _connection.Descriptors.Select(d => d.Fd)];

    /// <summary>Mounts on <paramref name="mountPoint"/> (prepared as <see cref="DahdiMountPoint.Prepare(string, bool, ICollection{string})"/>) with a descriptor per request thread and an empty state page.</summary>
    /// <exception cref="DahdiException">The mount point cannot be used.</exception>
    /// <exception cref="FuseException">The mount failed; nothing is left mounted.</exception>
    public static DahdiKeeper Mount(string mountPoint, bool force, int requestThreads, ICollection<string> notes)
    {
        var point = DahdiMountPoint.Prepare(mountPoint, force, notes);
        try
        {
            var connection = Connect(point.Path, requestThreads);
            return new DahdiKeeper(point, connection, DahdiStatePage.Create(), requestThreads);
        }
        catch
        {
            point.Dispose();
            throw;
        }
    }

    private static FuseConnection Connect(string path, int requestThreads)
    {
        var connection = FuseConnection.Mount(path, DahdiMountPoint.FileSystemName);
        try
        {
            for (int i = 1; i < requestThreads; i++) connection.Clone();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A fresh mount in place of this one, for a serving process that refused the state page (another
    /// version's layout, which it has reset to its own): whatever was open on the old mount ends (ENOTCONN).
    /// </summary>
    public void Remount(ICollection<string> notes)
    {
        _connection.Dispose();
        _mountPoint.Dispose();
        _mountPoint = DahdiMountPoint.Prepare(_mountPoint.Path, force: true, notes);
        _connection = Connect(_mountPoint.Path, _requestThreads);
    }

    /// <summary>Unmounts and closes everything: open files on the mount end.</summary>
    public void Dispose()
    {
        _connection.Dispose();
        _mountPoint.Dispose();
        Page.Dispose();
    }
}
