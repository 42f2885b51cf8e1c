namespace Metronome.Tooling.Fuse;

/// <summary>What the kernel is told about one inode (struct fuse_attr).</summary>
internal readonly record struct FuseNode(ulong Id, uint Mode, uint Links, uint Uid, uint Gid, long TimeSeconds)
{
    /// <summary>Permission bits of the root directory: 0755.</summary>
    public const uint DirectoryPermissions = 0x1ED;

    internal fuse_attr Attr => new()
    {
        ino = Id, // size and blocks stay 0
        atime = (ulong)TimeSeconds,
        mtime = (ulong)TimeSeconds,
        ctime = (ulong)TimeSeconds,
        mode = Mode,
        nlink = Links,
        uid = Uid,
        gid = Gid,
        blksize = 4096,
    };
}
