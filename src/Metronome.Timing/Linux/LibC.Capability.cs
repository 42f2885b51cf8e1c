using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>sys/capability.h and the capability prctls of sys/prctl.h: emptying a process's capability sets.</summary>
internal static unsafe partial class LibC
{
    public const int PR_CAPBSET_DROP = 24;
    public const int PR_SET_NO_NEW_PRIVS = 38;
    public const int PR_CAP_AMBIENT = 47;
    public const int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    /// <summary>_LINUX_CAPABILITY_VERSION_3: 64-bit sets, as two 32-bit <see cref="CapData"/>.</summary>
    public const uint CapabilityVersion3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    public struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    /// <summary>Sets the calling thread's effective, permitted and inheritable sets; <paramref name="data"/> is two structs.</summary>
    [LibraryImport(Lib, EntryPoint = "capset", SetLastError = true)]
    public static partial int CapSet(CapHeader* header, CapData* data);
}
