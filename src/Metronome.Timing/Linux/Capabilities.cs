using System.Globalization;

namespace Metronome.Timing.Linux;

/// <summary>A process's effective capabilities (the CapEff line of /proc/PID/status).</summary>
internal readonly record struct Capabilities(ulong? Effective)
{
    public const int IpcLock = 14;
    public const int SysAdmin = 21;
    public const int SysResource = 24;

    /// <summary>This process's, read now; <see cref="Effective"/> is null when they cannot be read.</summary>
    public static Capabilities OfSelf()
    {
        try
        {
            return Parse(File.ReadAllText("/proc/self/status")) ?? new Capabilities(null);
        }
        catch (IOException)
        {
            return new Capabilities(null);
        }
        catch (UnauthorizedAccessException)
        {
            return new Capabilities(null);
        }
    }

    /// <summary>The CapEff line of a status file's text; null when there is none in the expected form.</summary>
    public static Capabilities? Parse(string status)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong caps)
            ? new Capabilities(caps)
            : null;
    }

    /// <summary>Whether capability <paramref name="bit"/> is held; null when CapEff could not be read.</summary>
    public bool? Has(int bit) => Effective is { } caps ? (caps & (1UL << bit)) != 0 : null;
}
