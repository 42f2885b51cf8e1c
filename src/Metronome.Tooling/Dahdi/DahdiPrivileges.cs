using Metronome.Timing.Linux;

namespace Metronome.Tooling.Dahdi;

/// <summary>Whether this process may mount a FUSE file system itself: that takes CAP_SYS_ADMIN.</summary>
internal static class DahdiPrivileges
{
    /// <summary>Null when it may; otherwise one line saying what is needed.</summary>
    public static string? Missing()
    {
        // Capabilities, not the uid: root in a container or under a bounding set without CAP_SYS_ADMIN cannot mount either.
        bool may = Capabilities.OfSelf().Has(Capabilities.SysAdmin) ?? LibC.GetEffectiveUid() == 0;
        return may ? null
            : "serving the DAHDI devices means mounting a FUSE file system, which needs root with CAP_SYS_ADMIN "
              + "(and access to /dev/fuse): run it with sudo, or install deploy/metronome-dahdi.service";
    }
}
