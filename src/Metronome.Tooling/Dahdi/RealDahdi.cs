using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>Whether kernel DAHDI is present where Metronome would serve its devices.</summary>
internal static class RealDahdi
{
    public const string StandardMountPoint = "/dev/dahdi";

    /// <summary>One line saying why a real DAHDI is there, or null.</summary>
    public static string? Evidence(string mountPoint) => Evidence(mountPoint, "/sys/module");

    /// <summary>For testing: the same, with the module directory elsewhere.</summary>
    internal static string? Evidence(string mountPoint, string sysModule)
    {
        // The module only matters where its udev rules put the devices: a mount elsewhere shadows nothing.
        if (mountPoint == StandardMountPoint && Directory.Exists(Path.Combine(sysModule, "dahdi")))
            return "the dahdi kernel module is loaded";
        if (!Directory.Exists(mountPoint)) return null;
        foreach (var entry in Directory.EnumerateFileSystemEntries(mountPoint))
            if (FileType.IsCharacterDevice(entry)) return $"{entry} is a character device";
        return null;
    }
}
