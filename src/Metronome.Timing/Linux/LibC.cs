using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>
/// The libc calls Metronome makes. Every signature is blittable so that the calls on the tick path
/// (clock_gettime, clock_nanosleep, read) marshal nothing and allocate nothing.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int CLOCK_MONOTONIC = 1;
    public const int CLOCK_MONOTONIC_COARSE = 6;
    public const int TIMER_ABSTIME = 1;
    public const int TFD_CLOEXEC = 0x80000;
    public const int TFD_TIMER_ABSTIME = 1;
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int ENOTTY = 25;
    public const int EPIPE = 32;
    public const int ENOSYS = 38;
    public const int EPROTO = 71;
    public const int ENOTCONN = 107;
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int SCHED_OTHER = 0;
    public const int SCHED_FIFO = 1;
    public const int MCL_CURRENT = 1;
    public const int MCL_FUTURE = 2;
    public const int PR_SET_PDEATHSIG = 1;
    public const int PR_SET_TIMERSLACK = 29;
    public const int PR_GET_TIMERSLACK = 30;
    public const int RUSAGE_SELF = 0;
    public const int RUSAGE_THREAD = 1;
    public const int RUSAGE_CHILDREN = -1;
    public const int SIGTERM = 15;
    public const short POLLIN = 0x1;
    public const short POLLPRI = 0x2;
    public const short POLLOUT = 0x4;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLRDNORM = 0x40;
    public const short POLLWRNORM = 0x100;
    public const nuint MS_NOSUID = 2;
    public const nuint MS_NODEV = 4;
    public const nuint MS_NOEXEC = 8;
    public const int MNT_DETACH = 2;
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_STATX_FORCE_SYNC = 0x2000;
    public const uint STATX_TYPE = 1;
    public const int S_IFMT = 0xF000;
    public const int S_IFCHR = 0x2000;

    [LibraryImport(Lib, EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clockId, Timespec* ts);

    [LibraryImport(Lib, EntryPoint = "clock_getres")]
    public static partial int ClockGetRes(int clockId, Timespec* ts);

    /// <summary>Returns the error number itself (0 on success), not -1/errno.</summary>
    [LibraryImport(Lib, EntryPoint = "clock_nanosleep")]
    public static partial int ClockNanosleep(int clockId, int flags, Timespec* request, Timespec* remain);

    [LibraryImport(Lib, EntryPoint = "timerfd_create", SetLastError = true)]
    public static partial int TimerFdCreate(int clockId, int flags);

    [LibraryImport(Lib, EntryPoint = "timerfd_settime", SetLastError = true)]
    public static partial int TimerFdSetTime(int fd, int flags, ITimerspec* newValue, ITimerspec* oldValue);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nint count);

    /// <summary>read(2), started again when a signal interrupts it: -1 (with <see cref="LastError"/>) only for a real failure.</summary>
    public static nint ReadRestarting(int fd, void* buffer, nint count)
    {
        nint n;
        while ((n = Read(fd, buffer, count)) < 0 && LastError == EINTR) { }
        return n;
    }

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "writev", SetLastError = true)]
    public static partial nint WriteV(int fd, IoVec* iov, int count);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    /// <summary>ioctl with a pointer argument (variadic in C; a pointer passes the same way on Linux ABIs).</summary>
    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    public const int EFD_SEMAPHORE = 1;

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Lib, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fsType, nuint flags, string data);

    [LibraryImport(Lib, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdir(string path, uint mode);

    /// <summary>sizeof(struct statfs) is 120 bytes on 64-bit Linux; room to spare for any architecture.</summary>
    public const int StatFsSize = 256;

    [LibraryImport(Lib, EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatFs(string path, byte* buffer);

    [LibraryImport(Lib, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    /// <summary>statx: unlike struct stat, its layout is the same on every architecture.</summary>
    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Lib, EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SchedSetScheduler(int pid, int policy, int* priority);

    [LibraryImport(Lib, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nint cpuSetSize, ulong* mask);

    [LibraryImport(Lib, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nint cpuSetSize, ulong* mask);

    [LibraryImport(Lib, EntryPoint = "mlockall", SetLastError = true)]
    public static partial int MLockAll(int flags);

    [LibraryImport(Lib, EntryPoint = "munlockall", SetLastError = true)]
    public static partial int MUnlockAll();

    [LibraryImport(Lib, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport(Lib, EntryPoint = "getrusage", SetLastError = true)]
    public static partial int GetRUsage(int who, RUsage* usage);

    [LibraryImport(Lib, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Lib, EntryPoint = "getppid")]
    public static partial int GetParentPid();

    /// <summary>The text of an errno value, e.g. "Operation not permitted".</summary>
    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static int LastError => Marshal.GetLastPInvokeError();
}
