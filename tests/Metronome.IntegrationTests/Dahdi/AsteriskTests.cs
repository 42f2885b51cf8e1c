using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Dahdi;

/// <summary>
/// A [Fact] that runs only when METRONOME_ASTERISK_SRC names an Asterisk source tree, and is reported
/// as skipped, with that reason, when not (xunit 2 has no dynamic skip inside a test; this is its way).
/// </summary>
public sealed class AsteriskFactAttribute : FactAttribute
{
    public const string Variable = "METRONOME_ASTERISK_SRC";

    public AsteriskFactAttribute()
    {
        string? src = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(src))
            Skip = $"{Variable} is not set: give it an Asterisk source tree (e.g. a clone of github.com/asterisk/asterisk) to run Asterisk on `metronome dahdi`";
        else if (!File.Exists(Path.Combine(src, "main", "asterisk.c")))
            Skip = $"{Variable}={src} is not an Asterisk source tree (no main/asterisk.c)";
    }
}

/// <summary>
/// Unmodified Asterisk on `metronome dahdi`: the private build and one session of bench/asterisk.sh
/// (its own mount namespace, so it needs no /dev/dahdi of its own), with res_timing_dahdi as the only
/// timing module: the module runs, `timing test` counts DAHDI ticks, and a short ConfBridge mixes four
/// tones continuously every 20 ms. Generous bounds: the machine may be shared.
/// </summary>
public sealed partial class AsteriskTests
{
    private static readonly string Bench = Path.Combine(Repository.Root, "bench");
    private const string Freqs = "440,697,1033,1319";

    [AsteriskFact]
    public void Asterisk_times_a_conference_from_metronome_dahdi()
    {
        string src = Environment.GetEnvironmentVariable(AsteriskFactAttribute.Variable)!;
        string metronome = BuiltBinary.Path;
        string work = Directory.CreateTempSubdirectory("metronome-asterisk-").FullName;
        try
        {
            // The build (cached under artifacts/asterisk/) and the tones, as bench/asterisk.sh makes them.
            var (code, prefix, err) = CliProcess.RunProgram(TimeSpan.FromMinutes(15), "bash", "-c",
                "set -e; root=\"$1\"; source \"$root/bench/lib/asterisk-common.sh\"; asterisk_build \"$2\" >&2; " +
                "asterisk_tones \"$3/tones\" 40 " + Freqs.Replace(',', ' ') + "; echo \"$asterisk_prefix\"",
                "_", Repository.Root, src, work);
            Assert.True(code == 0, $"building Asterisk failed:\n{err}");

            string outDir = Path.Combine(work, "session");
            var env = new Dictionary<string, string>
            {
                ["AST_PREFIX"] = prefix.Trim(), ["TIMING"] = "dahdi", ["METRONOME"] = metronome, ["MET_ARGS"] = "",
                ["LOAD"] = "0", ["RUNS"] = "1", ["CONF_SECONDS"] = "12", ["TONES"] = Path.Combine(work, "tones"),
                ["FREQS"] = Freqs, ["PORT"] = "9551", ["OUT"] = outDir, ["LIB"] = Path.Combine(Bench, "lib"),
            };
            using (var session = CliProcess.StartProgram("unshare",
                       ["--mount", "--propagation", "private", "bash", Path.Combine(Bench, "lib", "asterisk-session.sh")], env))
            {
                int exit = session.WaitForExit(TimeSpan.FromMinutes(3));
                Assert.True(exit == 0, $"the session failed ({exit}):\n{session.Stdout}\n{session.Stderr}");
            }

            string moduleShow = File.ReadAllText(Path.Combine(outDir, "module-show.txt"));
            Assert.Matches(@"res_timing_dahdi\.so\s.*Running", moduleShow);
            string test = File.ReadAllText(Path.Combine(outDir, "timing-50-1.txt"));
            Assert.Contains("Using the 'DAHDI' timing module for this test.", test);
            var ticks = TicksPattern().Match(test);
            Assert.True(ticks.Success, $"no tick count in:\n{test}");
            double perSecond = int.Parse(ticks.Groups[2].Value, CultureInfo.InvariantCulture) * 1000.0
                / int.Parse(ticks.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.InRange(perSecond, 40, 60);

            var (acode, json, aerr) = CliProcess.RunProgram(TimeSpan.FromMinutes(2), "python3",
                Path.Combine(Bench, "lib", "asterisk_bench.py"), "analyse", "--session", outDir, "--freqs", Freqs);
            Assert.True(acode == 0, $"the analysis failed:\n{aerr}");
            using var doc = JsonDocument.Parse(json);
            var rtp = doc.RootElement.GetProperty("rtp");
            Assert.InRange(rtp.GetProperty("audio_per_wall").GetDouble(), 0.95, 1.05);
            Assert.InRange(rtp.GetProperty("interval_ms").GetProperty("mean").GetDouble(), 18, 22);
            Assert.InRange(rtp.GetProperty("audio").GetProperty("bad_pct").GetDouble(), 0, 10);
            Assert.True(doc.RootElement.TryGetProperty("recording", out var rec), "the bridge recorded nothing");
            Assert.True(rec.GetProperty("audio_s").GetDouble() > 8, $"recording too short: {rec}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [GeneratedRegex(@"It has been (\d+) milliseconds, and we got (\d+) timer ticks")]
    private static partial Regex TicksPattern();
}
