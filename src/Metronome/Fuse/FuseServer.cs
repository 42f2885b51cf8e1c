using System.Buffers.Binary;
using System.Text;
using Metronome.Linux;

namespace Metronome.Fuse;

/// <summary>
/// Answers the kernel's FUSE requests for one flat directory of files: the protocol handshake, names,
/// attributes and listing here; what the files do, in an <see cref="IFuseFileHandler"/>. Requests are
/// handled one at a time on the receiving thread; a handler may answer later from another thread.
/// </summary>
public sealed class FuseServer(IFuseChannel channel, IFuseFileHandler files, FuseServerOptions options)
{
    /// <summary>The root's listing, names encoded once: the files are fixed for the server's life.</summary>
    private readonly (byte[] Name, ulong Id, uint Type, FuseFile? File)[] _listing =
    [
        ("."u8.ToArray(), FuseProtocol.RootId, FuseProtocol.DirentTypeDirectory, null),
        (".."u8.ToArray(), FuseProtocol.RootId, FuseProtocol.DirentTypeDirectory, null),
        .. files.Files.Select(f => (Encoding.UTF8.GetBytes(f.Name), f.Id, FuseProtocol.DirentTypeRegular, (FuseFile?)f)),
    ];

    private FuseNode RootNode => new(FuseProtocol.RootId, FuseProtocol.ModeDirectory | 0x1ED /* 0755 */, 2, 0, 0, options.TimeSeconds);

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
        try
        {
            return Dispatch(request);
        }
        catch (FuseException)
        {
            // A body too short for its opcode: the kernel never sends one, but a reply keeps the caller from hanging.
            FuseReply.Error(channel, request.Unique, LibC.EIO);
            return true;
        }
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
                files.Interrupt(r.U64(0));
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
                else files.Open(r.Unique, r.NodeId, r.U32(0));
                break;
            case FuseOpcode.Read:
                files.Read(r.Unique, r.U64(0), r.U32(16), r.U32(32));
                break;
            case FuseOpcode.Write:
                files.Write(r.Unique, r.U64(0), r.U32(16));
                break;
            case FuseOpcode.Ioctl:
                Ioctl(r);
                break;
            case FuseOpcode.Poll:
                files.Poll(r.Unique, r.U64(0), r.U64(8), (r.U32(16) & FuseProtocol.PollScheduleNotify) != 0, r.U32(20));
                break;
            case FuseOpcode.Release:
                files.Release(r.Unique, r.U64(0));
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
        uint major = r.U32(0), minor = r.U32(4);
        if (major < FuseProtocol.Major)
        {
            FuseReply.Error(channel, r.Unique, LibC.EPROTO);
            return;
        }
        // A newer major: answer with ours and the kernel sends INIT again in our version.
        uint agreed = major > FuseProtocol.Major ? FuseProtocol.Minor : Math.Min(minor, FuseProtocol.Minor);
        FuseReply.Init(channel, r.Unique, agreed, r.U32(8));
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
        ulong offset = r.U64(8);
        int size = (int)Math.Min(r.U32(16), 64 * 1024);
        var body = new byte[size];
        int used = 0;
        for (int i = (int)Math.Min(offset, (ulong)_listing.Length); i < _listing.Length; i++)
        {
            var (name, id, type, _) = _listing[i];
            int record = (FuseProtocol.DirentHeaderSize + name.Length + 7) & ~7;
            if (used + record > size) break;
            var d = body.AsSpan(used, record);
            BinaryPrimitives.WriteUInt64LittleEndian(d, id);
            BinaryPrimitives.WriteUInt64LittleEndian(d[8..], (ulong)(i + 1)); // the offset of the next entry
            BinaryPrimitives.WriteUInt32LittleEndian(d[16..], (uint)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(d[20..], type);
            name.CopyTo(d[FuseProtocol.DirentHeaderSize..]);
            used += record;
        }
        FuseReply.Data(channel, r.Unique, body.AsSpan(0, used));
    }

    private void Ioctl(FuseRequest r)
    {
        uint inSize = r.U32(24), outSize = r.U32(28);
        if (FuseProtocol.IoctlInSize + inSize > r.Body.Length)
        {
            FuseReply.Error(channel, r.Unique, LibC.EIO);
            return;
        }
        var input = r.Body.Slice(FuseProtocol.IoctlInSize, (int)inSize);
        files.Ioctl(r.Unique, r.U64(0), r.U32(12), input, outSize);
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
