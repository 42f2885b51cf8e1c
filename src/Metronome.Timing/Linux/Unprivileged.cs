using System.Globalization;

namespace Metronome.Timing.Linux;

/// <summary>
/// Giving up every privilege for the rest of a process's life, once it holds what needed them (a bound
/// socket, a mapped page): a process that parses requests from the network should not be able to do
/// more than that if it is subverted.
/// </summary>
internal static unsafe class Unprivileged
{
    /// <summary>
    /// No new privileges (no setuid or file capabilities on exec), an empty bounding set and ambient set,
    /// then, when running as root, user and groups nobody (which empties the permitted and effective sets
    /// of every thread: glibc's setresuid applies to all threads), and last the calling thread's sets
    /// emptied explicitly (for a process that held capabilities without root). The bounding set and
    /// no_new_privs are per thread: this thread's, which threads it starts afterwards inherit.
    /// </summary>
    /// <returns>Null, or why it could not (the caller must then not go on).</returns>
    public static string? Become()
    {
        if (LibC.Prctl(LibC.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return Failed("PR_SET_NO_NEW_PRIVS");
        // Dropping from the bounding set needs CAP_SETPCAP: before the uid change, which loses it.
        for (int cap = 0; cap <= LastCapability(); cap++)
            if (LibC.Prctl(LibC.PR_CAPBSET_DROP, (nuint)cap, 0, 0, 0) != 0 && LibC.LastError != LibC.EINVAL && LibC.LastError != LibC.EPERM)
                return Failed($"PR_CAPBSET_DROP {cap}");
        if (LibC.Prctl(LibC.PR_CAP_AMBIENT, LibC.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && LibC.LastError != LibC.EINVAL)
            return Failed("PR_CAP_AMBIENT_CLEAR_ALL");
        if (LibC.GetUid() == 0 || LibC.GetEffectiveUid() == 0)
        {
            if (LibC.SetGroups(0, null) != 0) return Failed("setgroups");
            if (LibC.SetResGid(LibC.Nobody, LibC.Nobody, LibC.Nobody) != 0) return Failed("setresgid");
            if (LibC.SetResUid(LibC.Nobody, LibC.Nobody, LibC.Nobody) != 0) return Failed("setresuid");
        }
        var header = new LibC.CapHeader { Version = LibC.CapabilityVersion3 };
        var data = stackalloc LibC.CapData[2];
        data[0] = default;
        data[1] = default;
        if (LibC.CapSet(&header, data) != 0) return Failed("capset");
        return null;
    }

    /// <summary>The highest capability this kernel knows (newer kernels know more than any constant here).</summary>
    private static int LastCapability()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 63; // every bit of a 64-bit set: EINVAL for those the kernel does not have is ignored
        }
    }

    private static string Failed(string what) => $"{what}: {LibC.ErrorText(LibC.LastError)}";
}
