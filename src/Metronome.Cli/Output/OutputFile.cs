using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Metronome.Cli.Output;

/// <summary>
/// A file a verb writes its results to (--json FILE, --histogram FILE), opened before anything is
/// measured so that a bad path fails at once, in strerror's words, instead of after the run.
/// </summary>
internal static partial class OutputFile
{
    private const int OWronly = 0x1, OCreat = 0x40, OTrunc = 0x200, OCloexec = 0x80000;

    /// <summary>
    /// Opens <paramref name="path"/> for writing (created or truncated) and makes a zero-length
    /// write(2), which a file that takes no writes (/proc/version: EIO) refuses while a pipe or a
    /// regular file takes it unchanged. Throws <see cref="IOException"/> "cannot write PATH: REASON".
    /// </summary>
    public static StreamWriter Open(string path)
    {
        int fd = OpenFile(path, OWronly | OCreat | OTrunc | OCloexec, 0x1b6 /* 0666, less the umask */);
        if (fd < 0) throw Failed(path);
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (WriteNothing(fd, 0, 0) < 0)
        {
            var error = Failed(path);
            handle.Dispose();
            throw error;
        }
        return new StreamWriter(new FileStream(handle, FileAccess.Write));
    }

    private static IOException Failed(string path) =>
        new($"cannot write {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteNothing(int fd, nint buffer, nint count);
}
