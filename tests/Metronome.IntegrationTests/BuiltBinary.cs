using Metronome.Tests.Support;

namespace Metronome.IntegrationTests;

/// <summary>
/// The NativeAOT `metronome` that build.sh puts in artifacts/bin: the integration tests run the binary
/// users run, not the JIT-compiled assembly (whose first calls and tier-ups stall a real-time thread by
/// up to a millisecond or more, and which would hide trimming mistakes).
/// </summary>
internal static class BuiltBinary
{
    private static readonly Lazy<string> Checked = new(Check);

    /// <summary>The binary's path; fails the test with what to do if it is missing or older than the sources.</summary>
    public static string Path => Checked.Value;

    private static string Check()
    {
        string binary = System.IO.Path.Combine(Repository.Root, "artifacts", "bin", "metronome");
        if (!File.Exists(binary)) Assert.Fail($"{binary} is missing: run `bash build.sh` first (test.sh does)");
        var built = File.GetLastWriteTimeUtc(binary);
        var newer = Directory.EnumerateFiles(System.IO.Path.Combine(Repository.Root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .FirstOrDefault(f => File.GetLastWriteTimeUtc(f) > built);
        if (newer is not null) Assert.Fail($"{binary} is older than {newer}: run `bash build.sh` first (test.sh does)");
        return binary;
    }
}
