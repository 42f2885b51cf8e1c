using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// Answers the kernel's FUSE requests for one flat directory of files: the protocol handshake, names,
/// attributes and listing here; what the files do, in an <see cref="IFuseFileHandler"/>. Requests are
/// handled one at a time on the receiving thread; a handler may answer later from another thread.
/// </summary>
internal sealed class FuseServer(IFuseChannel channel, IFuseFileHandler files, FuseServerOptions options)
{
    /// <summary>The root's listing, names encoded once: the files are fixed for the server's life.</summary>
    private readonly (byte[] Name, ulong Id, uint Type, FuseFile? File)[] _listing =
    [
        ("."u8.ToArray(), FuseProtocol.RootId, FuseProtocol.DirentTypeDirectory, null),
        (".."u8.ToArray(), FuseProtocol.RootId, FuseProtocol.DirentTypeDirectory, null),
        .. files.Files.Select(f => (Encoding.UTF8.GetBytes(f.Name), f.Id, FuseProtocol.DirentTypeRegular, (FuseFile?)f)),
    ];

    private FuseNode RootNode => new(FuseProtocol.RootId, FuseProtocol.ModeDirectory | FuseNode.DirectoryPermissions, 2, 0, 0, options.TimeSeconds);

    private FuseNode FileNode(FuseFile file) =>
        new(file.Id, FuseProtocol.ModeRegular | options.FileMode, 1, options.Uid, options.Gid, options.TimeSeconds);

    /// <summary>Serves until <paramref name="stop"/> is set or the file system is unmounted.</summary>
    public void Serve(FuseConnection connection, CancellationToken stop)
    {
        var buffer = new byte[FuseProtocol.ReceiveBufferSize];
        while (!stop.IsCancellationRequested)
        {
            int n = connection.Receive(buffer, timeoutMs: 200);
            if (n < 0) return;
            if (n > 0 && !Handle(buffer.AsSpan(0, n))) return;
        }
    }

    /// <summary>Handles one request; false once the kernel said DESTROY (the end of the mount).</summary>
    public bool Handle(ReadOnlySpan<byte> message)
    {
        var request = new FuseRequest(message);
        if (request.IsComplete) return Dispatch(request);
        // A body too short for its opcode: the kernel never sends one, but a reply keeps the caller from hanging.
        FuseReply.Error(channel, request.Unique, LibC.EIO);
        return true;
    }

    private bool Dispatch(FuseRequest r)
    {
        switch (r.Opcode)
        {
            case FuseOpcode.Init:
                Init(r);
                break;
            case FuseOpcode.Destroy:
                FuseReply.Empty(channel, r.Unique);
                return false;
            case FuseOpcode.Forget or FuseOpcode.BatchForget:
                break; // no reply: the inodes are fixed and never freed
            case FuseOpcode.Interrupt:
                files.Interrupt(r.In<fuse_interrupt_in>().unique);
                break;
            case FuseOpcode.Lookup:
                Lookup(r);
                break;
            case FuseOpcode.GetAttr or FuseOpcode.SetAttr:
                // SETATTR (a truncating open, touch) changes nothing: the files have no size or times to set.
                if (Node(r.NodeId) is { } node) FuseReply.Attr(channel, r.Unique, node);
                else FuseReply.Error(channel, r.Unique, LibC.ENOENT);
                break;
            case FuseOpcode.OpenDir:
                FuseReply.Open(channel, r.Unique, 0, 0);
                break;
            case FuseOpcode.ReadDir:
                ReadDir(r);
                break;
            case FuseOpcode.ReleaseDir or FuseOpcode.Flush or FuseOpcode.Fsync or FuseOpcode.Access:
                FuseReply.Empty(channel, r.Unique);
                break;
            case FuseOpcode.StatFs:
                FuseReply.StatFs(channel, r.Unique);
                break;
            case FuseOpcode.Open:
                if (r.NodeId == FuseProtocol.RootId) FuseReply.Error(channel, r.Unique, LibC.EISDIR);
                else files.Open(r.Unique, r.NodeId, r.In<fuse_open_in>().flags);
                break;
            case FuseOpcode.Read:
                var read = r.In<fuse_read_in>();
                files.Read(r.Unique, read.fh, read.size, read.flags);
                break;
            case FuseOpcode.Write:
                var write = r.In<fuse_write_in>();
                files.Write(r.Unique, write.fh, write.size);
                break;
            case FuseOpcode.Ioctl:
                Ioctl(r);
                break;
            case FuseOpcode.Poll:
                var poll = r.In<fuse_poll_in>();
                files.Poll(r.Unique, poll.fh, poll.kh, (poll.flags & FuseProtocol.PollScheduleNotify) != 0, poll.events);
                break;
            case FuseOpcode.Release:
                files.Release(r.Unique, r.In<fuse_release_in>().fh);
                break;
            default:
                // ENOSYS tells the kernel not to ask again (xattrs, locks, mknod, ...).
                FuseReply.Error(channel, r.Unique, LibC.ENOSYS);
                break;
        }
        return true;
    }

    private void Init(FuseRequest r)
    {
        var init = r.In<fuse_init_in>();
        uint major = init.major, minor = init.minor;
        if (major < FuseProtocol.Major)
        {
            FuseReply.Error(channel, r.Unique, LibC.EPROTO);
            return;
        }
        // A newer major: answer with ours and the kernel sends INIT again in our version.
        uint agreed = major > FuseProtocol.Major ? FuseProtocol.Minor : Math.Min(minor, FuseProtocol.Minor);
        FuseReply.Init(channel, r.Unique, agreed, init.max_readahead);
    }

    private void Lookup(FuseRequest r)
    {
        var file = r.NodeId == FuseProtocol.RootId ? Find(r.Name) : null;
        if (file is null) FuseReply.Error(channel, r.Unique, LibC.ENOENT);
        else FuseReply.Entry(channel, r.Unique, FileNode(file));
    }

    private void ReadDir(FuseRequest r)
    {
        if (r.NodeId != FuseProtocol.RootId)
        {
            FuseReply.Error(channel, r.Unique, LibC.ENOTDIR);
            return;
        }
        var read = r.In<fuse_read_in>();
        ulong offset = read.offset;
        int size = (int)Math.Min(read.size, 64 * 1024);
        var body = new byte[size];
        int used = 0;
        for (int i = (int)Math.Min(offset, (ulong)_listing.Length); i < _listing.Length; i++)
        {
            var (name, id, type, _) = _listing[i];
            int head = Unsafe.SizeOf<fuse_dirent>();
            int record = (head + name.Length + 7) & ~7;
            if (used + record > size) break;
            var d = body.AsSpan(used, record);
            // off: the offset of the next entry, where a listing resumes.
            var dirent = new fuse_dirent { ino = id, off = (ulong)(i + 1), namelen = (uint)name.Length, type = type };
            MemoryMarshal.Write(d, in dirent);
            name.CopyTo(d[head..]);
            used += record;
        }
        FuseReply.Data(channel, r.Unique, body.AsSpan(0, used));
    }

    private void Ioctl(FuseRequest r)
    {
        var ioctl = r.In<fuse_ioctl_in>();
        var data = r.Body[Unsafe.SizeOf<fuse_ioctl_in>()..];
        if (ioctl.in_size > data.Length)
        {
            FuseReply.Error(channel, r.Unique, LibC.EIO);
            return;
        }
        files.Ioctl(r.Unique, ioctl.fh, ioctl.cmd, data[..(int)ioctl.in_size], ioctl.out_size);
    }

    /// <summary>The file named <paramref name="name"/> (never "." or "..": the kernel resolves those itself).</summary>
    private FuseFile? Find(ReadOnlySpan<byte> name)
    {
        foreach (var entry in _listing)
            if (entry.File is not null && name.SequenceEqual(entry.Name)) return entry.File;
        return null;
    }

    private FuseNode? Node(ulong id)
    {
        if (id == FuseProtocol.RootId) return RootNode;
        foreach (var file in files.Files)
            if (file.Id == id) return FileNode(file);
        return null;
    }
}
