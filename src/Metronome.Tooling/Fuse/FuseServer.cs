using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Metronome.Timing.Linux;

namespace Metronome.Tooling.Fuse;

/// <summary>
/// Answers the kernel's FUSE requests for one flat directory of files: the protocol handshake, names,
/// attributes and listing here; what the files do, in an <see cref="IFuseFileHandler"/>. Several
/// threads may serve at once, each reading its own descriptor (<see cref="Serve"/>): the server keeps
/// no mutable state, and each request is answered on the descriptor it came from, now or later (a
/// handler may answer from another thread).
/// </summary>
/// <param name="channel">Where <see cref="Handle(ReadOnlySpan{byte})"/> answers (one descriptor, or a recorder in tests).</param>
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

    /// <summary>
    /// One request thread: reads requests from <paramref name="device"/> and answers each on it, until
    /// <paramref name="stop"/> is set (a request wakes the thread: see <see cref="FuseConnection.Wake"/>)
    /// or the connection ends. False when the connection ended (unmounted, aborted, or DESTROY).
    /// </summary>
    public bool Serve(FuseDevice device, FuseRequestStats stats, IMonotonicClock clock, CancellationToken stop)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(FuseProtocol.ReceiveBufferSize, pinned: true);
        stats.ThreadId = LibC.GetTid();
        while (!stop.IsCancellationRequested)
        {
            int n = device.Receive(buffer);
            if (n < 0) return false;
            if (n == 0) continue;
            long start = clock.NowNs();
            var message = buffer.AsSpan(0, n);
            bool more = Handle(device, message);
            stats.Record(new FuseRequest(message).Opcode, clock.NowNs() - start);
            if (!more) return false;
        }
        return true;
    }

    /// <summary>Handles one request, answering on the server's own channel; false once the kernel said DESTROY.</summary>
    public bool Handle(ReadOnlySpan<byte> message) => Handle(channel, message);

    /// <summary>Handles one request read from <paramref name="from"/>, answering there; false once the kernel said DESTROY (the end of the mount).</summary>
    public bool Handle(IFuseChannel from, ReadOnlySpan<byte> message)
    {
        var request = new FuseRequest(message);
        if (request.IsComplete) return Dispatch(new FuseReplyTo(from, request.Unique), request);
        // A body too short for its opcode: the kernel never sends one, but a reply keeps the caller from hanging.
        FuseReply.Error(from, request.Unique, LibC.EIO);
        return true;
    }

    private bool Dispatch(FuseReplyTo reply, FuseRequest r)
    {
        switch (r.Opcode)
        {
            case FuseOpcode.Init:
                Init(reply, r);
                break;
            case FuseOpcode.Destroy:
                FuseReply.Empty(reply.Channel, reply.Unique);
                return false;
            case FuseOpcode.Forget or FuseOpcode.BatchForget:
                break; // no reply: the inodes are fixed and never freed
            case FuseOpcode.Interrupt:
                files.Interrupt(r.In<fuse_interrupt_in>().unique);
                break;
            case FuseOpcode.Lookup:
                Lookup(reply, r);
                break;
            case FuseOpcode.GetAttr or FuseOpcode.SetAttr:
                // SETATTR (a truncating open, touch) changes nothing: the files have no size or times to set.
                if (Node(r.NodeId) is { } node) FuseReply.Attr(reply.Channel, reply.Unique, node);
                else FuseReply.Error(reply.Channel, reply.Unique, LibC.ENOENT);
                break;
            case FuseOpcode.OpenDir:
                FuseReply.Open(reply.Channel, reply.Unique, 0, 0);
                break;
            case FuseOpcode.ReadDir:
                ReadDir(reply, r);
                break;
            case FuseOpcode.ReleaseDir or FuseOpcode.Flush or FuseOpcode.Fsync or FuseOpcode.Access:
                FuseReply.Empty(reply.Channel, reply.Unique);
                break;
            case FuseOpcode.StatFs:
                FuseReply.StatFs(reply.Channel, reply.Unique);
                break;
            case FuseOpcode.Open:
                if (r.NodeId == FuseProtocol.RootId) FuseReply.Error(reply.Channel, reply.Unique, LibC.EISDIR);
                else files.Open(reply, r.NodeId, r.In<fuse_open_in>().flags);
                break;
            case FuseOpcode.Read:
                var read = r.In<fuse_read_in>();
                files.Read(reply, read.fh, read.size, read.flags);
                break;
            case FuseOpcode.Write:
                var write = r.In<fuse_write_in>();
                files.Write(reply, write.fh, write.size);
                break;
            case FuseOpcode.Ioctl:
                Ioctl(reply, r);
                break;
            case FuseOpcode.Poll:
                var poll = r.In<fuse_poll_in>();
                files.Poll(reply, poll.fh, poll.kh, (poll.flags & FuseProtocol.PollScheduleNotify) != 0, poll.events);
                break;
            case FuseOpcode.Release:
                files.Release(reply, r.In<fuse_release_in>().fh);
                break;
            default:
                // ENOSYS tells the kernel not to ask again (xattrs, locks, mknod, ...).
                FuseReply.Error(reply.Channel, reply.Unique, LibC.ENOSYS);
                break;
        }
        return true;
    }

    private static void Init(FuseReplyTo reply, FuseRequest r)
    {
        var init = r.In<fuse_init_in>();
        uint major = init.major, minor = init.minor;
        if (major < FuseProtocol.Major)
        {
            FuseReply.Error(reply.Channel, reply.Unique, LibC.EPROTO);
            return;
        }
        // A newer major: answer with ours and the kernel sends INIT again in our version.
        uint agreed = major > FuseProtocol.Major ? FuseProtocol.Minor : Math.Min(minor, FuseProtocol.Minor);
        FuseReply.Init(reply.Channel, reply.Unique, agreed, init.max_readahead);
    }

    private void Lookup(FuseReplyTo reply, FuseRequest r)
    {
        var file = r.NodeId == FuseProtocol.RootId ? Find(r.Name) : null;
        if (file is null) FuseReply.Error(reply.Channel, reply.Unique, LibC.ENOENT);
        else FuseReply.Entry(reply.Channel, reply.Unique, FileNode(file));
    }

    private void ReadDir(FuseReplyTo reply, FuseRequest r)
    {
        if (r.NodeId != FuseProtocol.RootId)
        {
            FuseReply.Error(reply.Channel, reply.Unique, LibC.ENOTDIR);
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
        FuseReply.Data(reply.Channel, reply.Unique, body.AsSpan(0, used));
    }

    private void Ioctl(FuseReplyTo reply, FuseRequest r)
    {
        var ioctl = r.In<fuse_ioctl_in>();
        var data = r.Body[Unsafe.SizeOf<fuse_ioctl_in>()..];
        if (ioctl.in_size > data.Length)
        {
            FuseReply.Error(reply.Channel, reply.Unique, LibC.EIO);
            return;
        }
        files.Ioctl(reply, ioctl.fh, ioctl.cmd, data[..(int)ioctl.in_size], ioctl.out_size);
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
