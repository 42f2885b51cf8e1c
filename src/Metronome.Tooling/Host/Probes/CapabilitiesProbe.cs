using Metronome.Timing.Linux;

namespace Metronome.Tooling.Host.Probes;

/// <summary>The inspecting process's effective capabilities, read once through the root.</summary>
internal static class CapabilitiesProbe
{
    /// <summary>The fact name under which an unreadable CapEff is explained.</summary>
    public const string Fact = "capabilities";

    public static Capabilities Read(HostRoot root, ProbeNotes notes)
    {
        var status = root.Read("proc/self/status");
        if (status.Ok && Capabilities.Parse(status.Text!) is { } caps) return caps;
        notes.Unknown(Fact, status.Problem ?? "no CapEff line in proc/self/status");
        return new Capabilities(null);
    }
}
