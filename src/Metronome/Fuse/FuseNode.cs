using System.Buffers.Binary;

namespace Metronome.Fuse;

/// <summary>What the kernel is told about one inode (struct fuse_attr).</summary>
public readonly record struct FuseNode(ulong Id, uint Mode, uint Links, uint Uid, uint Gid, long TimeSeconds)
{
    public void WriteAttr(Span<byte> attr)
    {
        attr[..FuseProtocol.AttrSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(attr, Id);           // ino; size and blocks stay 0
        BinaryPrimitives.WriteInt64LittleEndian(attr[24..], TimeSeconds); // atime
        BinaryPrimitives.WriteInt64LittleEndian(attr[32..], TimeSeconds); // mtime
        BinaryPrimitives.WriteInt64LittleEndian(attr[40..], TimeSeconds); // ctime
        BinaryPrimitives.WriteUInt32LittleEndian(attr[60..], Mode);
        BinaryPrimitives.WriteUInt32LittleEndian(attr[64..], Links);
        BinaryPrimitives.WriteUInt32LittleEndian(attr[68..], Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(attr[72..], Gid);
        BinaryPrimitives.WriteUInt32LittleEndian(attr[80..], 4096);   // blksize
    }
}
