using System.Runtime.InteropServices;

namespace Metronome.Timing.Linux;

/// <summary>The calls stall attribution makes: which thread, which CPU, and /proc reads that allocate nothing.</summary>
internal static unsafe partial class LibC
{
    [LibraryImport(Lib, EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport(Lib, EntryPoint = "sched_getcpu")]
    public static partial int SchedGetCpu();

    /// <summary>open(2) with a NUL-terminated path already in bytes: no string marshalling.</summary>
    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true)]
    public static partial int OpenBytes(byte* path, int flags);

    /// <summary>
    /// Reads as much of a file as fits in <paramref name="buffer"/>; -1 when it cannot be opened or read.
    /// For /proc files the kernel renders on read; allocates nothing.
    /// </summary>
    public static int ReadFileInto(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        int fd;
        fixed (byte* p = nulTerminatedPath) fd = OpenBytes(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0) return -1;
        int total = 0;
        try
        {
            fixed (byte* b = buffer)
            {
                while (total < buffer.Length)
                {
                    nint n = Read(fd, b + total, buffer.Length - total);
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR) continue;
                        return -1;
                    }
                    if (n == 0) break;
                    total += (int)n;
                }
            }
        }
        finally
        {
            Close(fd);
        }
        return total;
    }
}
