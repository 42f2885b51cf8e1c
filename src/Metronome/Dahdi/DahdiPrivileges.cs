using Metronome.Host;
using Metronome.Host.Probes;
using Metronome.Linux;

namespace Metronome.Dahdi;

/// <summary>Whether this process may mount a FUSE file system itself.</summary>
public static class DahdiPrivileges
{
    /// <summary>Null when it may; otherwise one line saying what is needed.</summary>
    public static string? Missing()
    {
        if (LibC.GetEffectiveUid() == 0) return null;
        if (Capabilities.Read(new HostRoot("/"), new ProbeNotes()).Has(Capabilities.SysAdmin) == true) return null;
        return "serving the DAHDI devices means mounting a FUSE file system, which needs root "
               + "(or CAP_SYS_ADMIN and access to /dev/fuse): run it with sudo, or install deploy/metronome-dahdi.service";
    }
}
