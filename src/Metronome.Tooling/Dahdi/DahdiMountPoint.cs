using Metronome.Tooling.Fuse;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>
/// Makes a directory ready to mount the devices on: recovers a stale mount that a crash left behind,
/// refuses to shadow a real DAHDI or another mount unless forced, and creates the directory if needed.
/// Disposing removes a directory it created (after the unmount).
/// </summary>
internal sealed class DahdiMountPoint : IDisposable
{
    public const string FileSystemName = "metronome";

    private bool _created;

    private DahdiMountPoint(string path) => Path = path;

    public string Path { get; }

    public static DahdiMountPoint Prepare(string path, bool force, ICollection<string> notes) =>
        Prepare(path, force, notes, MountTable.TypeAt, p => RealDahdi.Evidence(p));

    /// <summary>For testing: the mount table and the DAHDI check come from the caller.</summary>
    internal static DahdiMountPoint Prepare(string path, bool force, ICollection<string> notes,
        Func<string, string?> mountTypeAt, Func<string, string?> realDahdi)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (full.Length > 1) full = full.TrimEnd('/');
        if (full == "/") throw new DahdiException("refusing to mount on /");

        int state = FileType.Probe(full, fresh: true, out _);
        if (state == LibC.ENOTCONN)
        {
            if (LibC.Umount2(full, LibC.MNT_DETACH) != 0)
                throw new DahdiException($"{full} is a stale mount (Transport endpoint is not connected) and cannot be detached: {LibC.ErrorText(LibC.LastError)}");
            notes.Add($"recovered {full}: detached a stale mount left by a process that died (Transport endpoint is not connected)");
            state = FileType.Probe(full, fresh: true, out _);
        }
        if (state is not (0 or LibC.ENOENT))
            throw new DahdiException($"cannot use {full}: {LibC.ErrorText(state)}");

        string? mounted = mountTypeAt(full);
        if (mounted == "fuse." + FileSystemName)
            throw new DahdiException($"{full} is already served by another metronome dahdi; stop that one first");
        if (state == 0 && !Directory.Exists(full))
            throw new DahdiException($"{full} exists and is not a directory");
        if (!force)
        {
            if (realDahdi(full) is { } evidence)
                throw new DahdiException($"refusing to mount over a real DAHDI on {full}: {evidence} (--force mounts over it)");
            if (mounted is not null)
                throw new DahdiException($"{full} is already a mount point ({mounted}) (--force mounts over it)");
        }

        var point = new DahdiMountPoint(full);
        if (state == LibC.ENOENT)
        {
            // mkdir(2), not Directory.CreateDirectory: only the last component is ours to create (and to
            // remove again), and its errno says plainly why not ("No such file or directory").
            if (LibC.Mkdir(full, FuseNode.DirectoryPermissions) != 0)
                throw new DahdiException($"cannot create {full}: {LibC.ErrorText(LibC.LastError)}");
            point._created = true;
        }
        return point;
    }

    /// <summary>A mount another process made and holds (a keeper): nothing to prepare, nothing to remove.</summary>
    public static DahdiMountPoint Adopted(string path) => new(System.IO.Path.GetFullPath(path).TrimEnd('/'));

    public void Dispose()
    {
        if (!_created) return;
        _created = false;
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
            // Something was put in it meanwhile, or a detached mount is still busy: leave it.
        }
    }
}
