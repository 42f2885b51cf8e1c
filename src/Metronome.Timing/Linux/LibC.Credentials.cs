using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>unistd.h and grp.h: a process's user and groups, for a child that gives up root.</summary>
internal static unsafe partial class LibC
{
    /// <summary>The kernel's overflow uid and gid, "nobody" and "nogroup" on Debian: owns no file a process needs.</summary>
    public const uint Nobody = 65534;

    [LibraryImport(Lib, EntryPoint = "getuid")]
    public static partial uint GetUid();

    /// <summary>glibc applies it to every thread of the process (POSIX semantics), not only the caller.</summary>
    [LibraryImport(Lib, EntryPoint = "setresuid", SetLastError = true)]
    public static partial int SetResUid(uint real, uint effective, uint saved);

    [LibraryImport(Lib, EntryPoint = "setresgid", SetLastError = true)]
    public static partial int SetResGid(uint real, uint effective, uint saved);

    [LibraryImport(Lib, EntryPoint = "setgroups", SetLastError = true)]
    public static partial int SetGroups(nuint count, uint* groups);
}
