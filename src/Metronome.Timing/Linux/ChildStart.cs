using System.Diagnostics;

namespace Metronome.Timing.Linux;

/// <summary>
/// Starting a child that inherits chosen descriptors and nothing else of ours. Shared pages (memfds) are
/// created close-on-exec; for the one spawn that must have them, their FD_CLOEXEC is cleared just before
/// and set again just after, under a lock every start of Metronome's children takes, so that a child
/// started meanwhile from another thread (a load process, a restarted exporter) never sees them.
/// </summary>
internal static class ChildStart
{
    private static readonly Lock Gate = new();

    /// <summary>Starts <paramref name="info"/> with <paramref name="inherited"/> open in the child under the same numbers.</summary>
    /// <exception cref="IOException">A descriptor is not open.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    public static Process? Start(ProcessStartInfo info, IReadOnlyList<int> inherited)
    {
        lock (Gate)
        {
            try
            {
                foreach (int fd in inherited)
                    if (LibC.SetCloseOnExec(fd, false) != 0) throw new IOException($"descriptor {fd}: {LibC.ErrorText(LibC.LastError)}");
                return Process.Start(info);
            }
            finally
            {
                foreach (int fd in inherited) _ = LibC.SetCloseOnExec(fd, true);
            }
        }
    }
}
