using System.Globalization;
using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>
/// The unmodified dahdi_test from Debian's dahdi package, extracted into artifacts/dahdi by
/// scripts/fetch-dahdi-test.sh, never installed: the package would pull in dahdi-dkms and dkms. Not the
/// system's /usr/sbin/dahdi_test, which a machine may or may not have.
/// </summary>
internal static partial class DahdiTestTool
{
    private static readonly Lazy<string> Fetched = new(Fetch);

    public static string Path => Fetched.Value;

    /// <summary>Runs `dahdi_test -c SECONDS` against /dev/dahdi/pseudo and returns its exit code and output.</summary>
    public static (int Code, string Stdout) Run(int seconds)
    {
        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(seconds + 20), Path, "-c", seconds.ToString(CultureInfo.InvariantCulture));
        return (code, stdout + stderr);
    }

    private static string Fetch()
    {
        string script = System.IO.Path.Combine(Repository.Root, "scripts", "fetch-dahdi-test.sh");
        var (code, stdout, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(120), "bash", script);
        Assert.True(code == 0, $"{script} failed ({code}): {stderr}");
        string path = stdout.Trim();
        Assert.True(File.Exists(path), $"{script} printed '{path}', which does not exist");
        return path;
    }

    /// <summary>The pass count and average of a summary in dahdi_test's format (its own, or `metronome test`'s).</summary>
    public static (int Passes, double Average) Summary(string output)
    {
        var summary = TrySummary(output);
        Assert.True(summary.HasValue, $"no dahdi_test summary in:\n{output}");
        return summary.Value;
    }

    /// <summary>The average of a summary in dahdi_test's format, or null if there is none.</summary>
    public static double? Average(string output) => TrySummary(output)?.Average;

    private static (int Passes, double Average)? TrySummary(string output)
    {
        var passes = PassesPattern().Match(output);
        var average = AveragePattern().Match(output);
        if (!passes.Success || !average.Success) return null;
        return (int.Parse(passes.Groups[1].Value, CultureInfo.InvariantCulture),
                double.Parse(average.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"--- Results after (\d+) passes ---")]
    private static partial Regex PassesPattern();

    [GeneratedRegex(@"Average: (\d+\.\d+)%")]
    private static partial Regex AveragePattern();
}
