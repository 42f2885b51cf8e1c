using System.Runtime.InteropServices;

// The kernel's FUSE structs, named and laid out as linux/fuse.h declares them (protocol 7.31), so each
// can be checked against the header field by field. Native layout: the protocol is the kernel's ABI,
// little-endian on every architecture .NET runs Linux on, every struct padded to 64 bits.
#pragma warning disable IDE1006, CS8981 // the kernel's names, not .NET's

namespace Metronome.Tooling.Fuse;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_in_header
{
    public uint len;
    public uint opcode;
    public ulong unique;
    public ulong nodeid;
    public uint uid;
    public uint gid;
    public uint pid;
    public ushort total_extlen;
    public ushort padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_out_header
{
    public uint len;
    public int error;
    public ulong unique;
}

/// <summary>The part every kernel sends (7.36 and later append flags2 and reserved words, not read here).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_init_in
{
    public uint major;
    public uint minor;
    public uint max_readahead;
    public uint flags;
}

/// <summary>As of 7.31; the reserved words up to 64 bytes stay zero.</summary>
[StructLayout(LayoutKind.Sequential, Size = 64)]
internal struct fuse_init_out
{
    public uint major;
    public uint minor;
    public uint max_readahead;
    public uint flags;
    public ushort max_background;
    public ushort congestion_threshold;
    public uint max_write;
    public uint time_gran;
    public ushort max_pages;
    public ushort map_alignment;
    public uint flags2;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_forget_in
{
    public ulong nlookup;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_batch_forget_in
{
    public uint count;
    public uint dummy;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_getattr_in
{
    public uint getattr_flags;
    public uint dummy;
    public ulong fh;
}

/// <summary>Not read: the files have nothing to set; declared for its size.</summary>
[StructLayout(LayoutKind.Sequential, Size = 88)]
internal struct fuse_setattr_in
{
    public uint valid;
    public uint padding;
    public ulong fh;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_open_in
{
    public uint flags;
    public uint open_flags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_read_in
{
    public ulong fh;
    public ulong offset;
    public uint size;
    public uint read_flags;
    public ulong lock_owner;
    public uint flags;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_write_in
{
    public ulong fh;
    public ulong offset;
    public uint size;
    public uint write_flags;
    public ulong lock_owner;
    public uint flags;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_release_in
{
    public ulong fh;
    public uint flags;
    public uint release_flags;
    public ulong lock_owner;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_flush_in
{
    public ulong fh;
    public uint unused;
    public uint padding;
    public ulong lock_owner;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_fsync_in
{
    public ulong fh;
    public uint fsync_flags;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_access_in
{
    public uint mask;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_interrupt_in
{
    public ulong unique;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_ioctl_in
{
    public ulong fh;
    public uint flags;
    public uint cmd;
    public ulong arg;
    public uint in_size;
    public uint out_size;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_ioctl_out
{
    public int result;
    public uint flags;
    public uint in_iovs;
    public uint out_iovs;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_poll_in
{
    public ulong fh;
    public ulong kh;
    public uint flags;
    public uint events;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_poll_out
{
    public uint revents;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_notify_poll_wakeup_out
{
    public ulong kh;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_write_out
{
    public uint size;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_open_out
{
    public ulong fh;
    public uint open_flags;
    public int backing_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_attr
{
    public ulong ino;
    public ulong size;
    public ulong blocks;
    public ulong atime;
    public ulong mtime;
    public ulong ctime;
    public uint atimensec;
    public uint mtimensec;
    public uint ctimensec;
    public uint mode;
    public uint nlink;
    public uint uid;
    public uint gid;
    public uint rdev;
    public uint blksize;
    public uint flags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_entry_out
{
    public ulong nodeid;
    public ulong generation;
    public ulong entry_valid;
    public ulong attr_valid;
    public uint entry_valid_nsec;
    public uint attr_valid_nsec;
    public fuse_attr attr;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_attr_out
{
    public ulong attr_valid;
    public uint attr_valid_nsec;
    public uint dummy;
    public fuse_attr attr;
}

/// <summary>struct fuse_kstatfs, which is all of fuse_statfs_out; the spare words stay zero.</summary>
[StructLayout(LayoutKind.Sequential, Size = 80)]
internal struct fuse_statfs_out
{
    public ulong blocks;
    public ulong bfree;
    public ulong bavail;
    public ulong files;
    public ulong ffree;
    public uint bsize;
    public uint namelen;
    public uint frsize;
}

/// <summary>One READDIR entry's fixed part; the name follows, the record padded to 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_dirent
{
    public ulong ino;
    public ulong off;
    public uint namelen;
    public uint type;
}
