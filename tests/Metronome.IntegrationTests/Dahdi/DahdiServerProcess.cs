using System.Text.RegularExpressions;
using Metronome.Tooling.Fuse;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>`metronome dahdi` running in its own process on a directory, for a test to use and stop.</summary>
internal sealed partial class DahdiServerProcess : IDisposable
{
    private readonly CliProcess _process;

    private DahdiServerProcess(CliProcess process, string mountPoint)
    {
        _process = process;
        MountPoint = mountPoint;
    }

    public string MountPoint { get; }
    public string Pseudo => Path.Combine(MountPoint, "pseudo");
    public string Timer => Path.Combine(MountPoint, "timer");
    public CliProcess Process => _process;

    /// <summary>Starts it and waits until it says it is serving; fails the test with its output if it does not.</summary>
    public static DahdiServerProcess Start(string mountPoint, params string[] extra)
    {
        var process = CliProcess.Start(["dahdi", "--mount", mountPoint, "--status-every", "3600", .. extra]);
        if (!process.WaitForOutput("Serving ", TimeSpan.FromSeconds(20)))
        {
            process.Dispose();
            Assert.Fail($"metronome dahdi did not start serving:\n{process.Stdout}\n{process.Stderr}");
        }
        return new DahdiServerProcess(process, mountPoint);
    }

    /// <summary>Signals it, waits for it to exit and returns the exit code and its final status line.</summary>
    public (int Code, string FinalLine) Stop(string signal = "TERM")
    {
        _process.Signal(signal);
        int code = _process.WaitForExit(TimeSpan.FromSeconds(15));
        string final = _process.Stdout.Split('\n').LastOrDefault(l => l.StartsWith("Stopped serving ", StringComparison.Ordinal)) ?? "";
        return (code, final);
    }

    /// <summary>The "N blocks lost by slow readers" figure of a status line.</summary>
    public static long LostBlocks(string statusLine)
    {
        var match = LostPattern().Match(statusLine);
        Assert.True(match.Success, $"no lost-block count in '{statusLine}'");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool IsMounted(string mountPoint) => MountTable.TypeAt(Path.GetFullPath(mountPoint).TrimEnd('/')) is not null;

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"(\d+) blocks lost by slow readers")]
    private static partial Regex LostPattern();
}
