using System.Globalization;

namespace Metronome.Host.Probes;

/// <summary>The inspecting process's effective capabilities (CapEff in proc/self/status), read once.</summary>
internal readonly record struct Capabilities(ulong? Effective)
{
    public const int IpcLock = 14;
    public const int SysAdmin = 21;
    public const int SysResource = 24;

    /// <summary>The fact name under which an unreadable CapEff is explained.</summary>
    public const string Fact = "capabilities";

    public static Capabilities Read(HostRoot root, ProbeNotes notes)
    {
        var status = root.Read("proc/self/status");
        var line = status.Ok ? status.Text!.Split('\n').FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal)) : null;
        if (line is not null && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong caps))
            return new Capabilities(caps);
        notes.Unknown(Fact, status.Problem ?? "no CapEff line in proc/self/status");
        return new Capabilities(null);
    }

    /// <summary>Whether capability <paramref name="bit"/> is held; null when CapEff could not be read.</summary>
    public bool? Has(int bit) => Effective is { } caps ? (caps & (1UL << bit)) != 0 : null;
}
