using Metronome.Timing.Linux;

namespace Metronome.Tooling.Load;

/// <summary>
/// Ties a load process to the process that started it: the kernel sends SIGTERM when the parent dies
/// (PR_SET_PDEATHSIG), and a start-up check catches a parent that died before the request was made.
/// SIGTERM rather than SIGKILL, so the load can still remove its temporary files.
/// </summary>
internal static class ParentWatch
{
    /// <summary>The environment variable through which the launcher names itself.</summary>
    public const string ParentVariable = "METRONOME_LOAD_PARENT";

    /// <summary>Arms the death signal; false when the expected parent is already gone.</summary>
    public static bool Arm()
    {
        _ = LibC.Prctl(LibC.PR_SET_PDEATHSIG, LibC.SIGTERM, 0, 0, 0);
        string? expected = Environment.GetEnvironmentVariable(ParentVariable);
        return expected is null || !int.TryParse(expected, out int parent) || LibC.GetParentPid() == parent;
    }
}
