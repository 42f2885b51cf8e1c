using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>
/// Memory shared with a child process: an anonymous file (memfd) the child inherits, mapped by both.
/// The monitor publishes its numbers there and the metrics exporter, in a process of its own, reads them.
/// </summary>
internal static unsafe partial class LibC
{
    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    /// <summary>memfd_create's flag: not inherited by a program this process starts, unless handed over (<see cref="ChildStart"/>).</summary>
    public const uint MFD_CLOEXEC = 1;

    [LibraryImport(Lib, EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    public const int SEEK_END = 2;

    [LibraryImport(Lib, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "mmap", SetLastError = true)]
    public static partial void* MMap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Lib, EntryPoint = "munmap", SetLastError = true)]
    public static partial int MUnmap(void* address, nuint length);

    private const int F_GETFD = 1;
    private const int F_SETFD = 2;
    private const int FD_CLOEXEC = 1;

    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>Sets or clears FD_CLOEXEC: whether a program this process starts inherits <paramref name="fd"/>. 0, or -1 with errno.</summary>
    public static int SetCloseOnExec(int fd, bool close)
    {
        int flags = Fcntl(fd, F_GETFD, 0);
        if (flags < 0) return -1;
        return Fcntl(fd, F_SETFD, close ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC);
    }

    /// <summary>mmap's MAP_FAILED.</summary>
    public static readonly void* MapFailed = (void*)-1;
}
