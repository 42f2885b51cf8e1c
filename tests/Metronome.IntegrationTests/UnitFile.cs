using Metronome.Tests.Support;

namespace Metronome.IntegrationTests;

/// <summary>A unit file of deploy/ as systemd would load it on a host where the built binary is installed.</summary>
internal static class UnitFile
{
    /// <summary>Reads deploy/<paramref name="name"/>, points it at the built binary, and runs `systemd-analyze verify` on the copy.</summary>
    public static (string Unit, int Code, string Output) Verify(string name, string scratchDirectory)
    {
        string unit = File.ReadAllText(Path.Combine(Repository.Root, "deploy", name));
        string local = Path.Combine(scratchDirectory, name);
        File.WriteAllText(local, unit.Replace("/usr/local/bin/metronome", BuiltBinary.Path, StringComparison.Ordinal));
        // --man=no: a Documentation=man:metronome(1) exists once installed (the package tests verify the installed unit with it).
        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "systemd-analyze", "verify", "--man=no", local);
        return (unit, code, stdout + stderr);
    }
}
