namespace Metronome.Tooling.Fuse;

/// <summary>
/// How requests reach the server. Requests are read from /dev/fuse descriptors, one per request thread;
/// FUSE over io_uring (Linux 6.14 and later, when the fuse module's enable_uring is Y) would save a
/// system call per request, and this says whether the kernel offers it, for the start line.
/// </summary>
internal static class FuseTransport
{
    public const string EnableUringParameter = "/sys/module/fuse/parameters/enable_uring";

    /// <summary>A few words on io_uring here: "not in this kernel", "off (enable_uring is N)", or "on offer, not used by this version".</summary>
    public static string UringState(string parameterFile = EnableUringParameter)
    {
        string? value;
        try
        {
            value = File.ReadAllText(parameterFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "FUSE over io_uring: not in this kernel";
        }
        return value == "Y"
            ? "FUSE over io_uring: offered by this kernel, not used by this version"
            : $"FUSE over io_uring: off (enable_uring is {value})";
    }
}
