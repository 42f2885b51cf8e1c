using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Metronome.Tooling.Host;

namespace Metronome.IntegrationTests;

/// <summary>
/// The doctor on this live host, checked against facts the test reads itself from the kernel's files,
/// so it holds on any machine, not only on the one it was written on.
/// </summary>
public class DoctorLiveTests
{
    private static string ReadTrimmed(string path) => File.ReadAllText(path).Trim();

    [Fact]
    public void Given_this_host_When_inspected_live_Then_the_facts_match_what_the_kernel_files_say()
    {
        var inspection = HostInspector.InspectLive(stealPercent: null);
        var facts = inspection.Facts;
        Assert.All(FactSheet.From(inspection), f => Assert.NotEqual(FactSheet.Unrecorded, f.Evidence.Source));

        Assert.Equal(ReadTrimmed("/sys/devices/system/clocksource/clocksource0/current_clocksource"), facts.Clocksource.Current);
        Assert.Equal(ReadTrimmed("/proc/sys/kernel/osrelease"), facts.Kernel.Release);
        Assert.Equal(File.Exists("/dev/hpet") || ReadKernelLog().Any(l => l.Contains("hpet0: at MMIO", StringComparison.Ordinal)), facts.Hpet.Present);
        Assert.Equal(ExpectedContainer(), facts.Container);

        bool hypervisorFlag = File.ReadAllLines("/proc/cpuinfo").Any(l => l.StartsWith("flags", StringComparison.Ordinal) && l.Split(' ').Contains("hypervisor"));
        Assert.Equal(hypervisorFlag, facts.Virtualization != "none");

        // Each branch asserts: from timer_list when this process can read it, else from clock_getres, as the doctor does.
        var live = LiveFacts.Gather();
        string? timerList = TryRead("/proc/timer_list");
        if (timerList is not null)
        {
            var hres = Regex.Matches(timerList, @"\.hres_active\s*:\s*(\d)").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(hres.Count > 0 && hres.All(v => v == "1"), facts.HighResolution.Active);
        }
        else
        {
            Assert.Equal(live.MonotonicResolutionNs <= 1, facts.HighResolution.Active);
        }
        if (File.Exists("/proc/config.gz"))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress));
            var hz = Regex.Match(reader.ReadToEnd(), @"^CONFIG_HZ=(\d+)$", RegexOptions.Multiline);
            Assert.Equal(int.Parse(hz.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), facts.Hz);
        }
        else
        {
            Assert.Equal((int)Math.Round(1e9 / live.CoarseResolutionNs!.Value), facts.Hz);
        }
    }

    /// <summary>The container the markers name, read here independently: the doctor must agree.</summary>
    private static string ExpectedContainer()
    {
        if (File.Exists("/.dockerenv")) return "docker";
        if (File.Exists("/run/.containerenv")) return "podman";
        if (TryRead("/run/systemd/container")?.Trim() is { Length: > 0 } systemd) return systemd;
        string? environ = TryRead("/proc/1/environ");
        return environ?.Split('\0').FirstOrDefault(e => e.StartsWith("container=", StringComparison.Ordinal))?["container=".Length..] ?? "none";
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> ReadKernelLog() => KernelLog.Read(new HostRoot("/")).Lines ?? [];

    [Fact]
    public void Given_a_collected_snapshot_When_inspected_Then_it_gives_the_same_facts_and_findings_as_the_live_run()
    {
        string archive = Path.Combine(Path.GetTempPath(), $"metronome-snapshot-{Guid.NewGuid():N}.tar.gz");
        string? extracted = null;
        try
        {
            SnapshotCollector.Collect(archive, LiveFacts.Gather(), KernelLog.Read(new HostRoot("/")));
            var live = HostInspector.InspectLive(stealPercent: null);
            var snapshot = HostInspector.InspectSnapshot(SnapshotArchive.Open(archive, out extracted));

            Assert.Equal(Json(live.Facts), Json(snapshot.Facts));
            // Steal needs a live measuring window: unknown in both, each saying why in its own words.
            var liveFindings = DoctorRules.Evaluate(live, null);
            var snapshotFindings = DoctorRules.Evaluate(snapshot, null);
            // The facts are the same; only the subject differs (this host / the snapshot).
            Assert.Equal(liveFindings.Where(f => f.Id != "steal"), snapshotFindings.Where(f => f.Id != "steal"));
            Assert.All(new[] { liveFindings, snapshotFindings }, fs => Assert.Equal(FindingStatus.Unknown, fs.Single(f => f.Id == "steal").Status));
        }
        finally
        {
            File.Delete(archive);
            if (extracted is not null) Directory.Delete(extracted, recursive: true);
        }
    }

    [Fact]
    public void Given_the_cli_When_it_collects_and_then_reads_the_snapshot_Then_both_runs_agree()
    {
        string archive = Path.Combine(Path.GetTempPath(), $"metronome-cli-snapshot-{Guid.NewGuid():N}.tar.gz");
        try
        {
            var collect = CliProcess.Run(TimeSpan.FromSeconds(60), "doctor", "--collect", archive);
            Assert.Equal(0, collect.Code);
            Assert.StartsWith($"wrote {archive}: ", collect.Stdout);

            var fromSnapshot = CliProcess.Run(TimeSpan.FromSeconds(60), "doctor", "--root", archive, "--json");
            var live = CliProcess.Run(TimeSpan.FromSeconds(60), "doctor", "--no-measure", "--json");
            Assert.Equal(0, fromSnapshot.Code);
            Assert.Equal(0, live.Code);

            using var a = JsonDocument.Parse(live.Stdout);
            using var b = JsonDocument.Parse(fromSnapshot.Stdout);
            // The snapshot names its host and time; --no-measure says what steal was read over.
            Assert.Matches($@"^host {Regex.Escape(Environment.MachineName)}, collected \d{{4}}-\d\d-\d\d \d\d:\d\d UTC$", b.RootElement.GetProperty("subject").GetString());
            Assert.Equal("this host", a.RootElement.GetProperty("subject").GetString());
            var steal = a.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "steal");
            Assert.EndsWith("sampled over 1 s (--no-measure)", steal.GetProperty("observed").GetString());
            foreach (var key in new[] { "virtualization", "container", "clocksource", "clockEvents", "highResolution", "hz", "preemption", "hpet", "rtc", "tscUnstable", "kernel", "realtime" })
                Assert.Equal(a.RootElement.GetProperty("host").GetProperty(key).GetRawText(), b.RootElement.GetProperty("host").GetProperty(key).GetRawText());
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public void Given_a_live_doctor_run_with_a_short_measurement_When_asked_for_json_Then_the_measurement_and_steal_are_in_it()
    {
        var (code, stdout, _) = CliProcess.Run(TimeSpan.FromSeconds(60), "doctor", "--measure", "2", "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Contains(root.GetProperty("verdict").GetString(), new[] { "ready", "caveats", "unsuitable" });
        var m = root.GetProperty("measurement");
        Assert.Equal("nanosleep", m.GetProperty("source").GetString()); // auto: nanosleep, which opens on every Linux
        Assert.InRange(m.GetProperty("ticks").GetInt64(), 1900, 2100);
        Assert.Equal(1, m.GetProperty("passes").GetInt32());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("host").GetProperty("steal").GetProperty("percent").ValueKind);
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "measurement" && f.GetProperty("status").GetString() != "unknown");
    }

    [Fact]
    public void Given_a_kernel_log_piped_in_When_doctored_from_stdin_Then_it_is_read_as_pasted_evidence()
    {
        string log = Path.Combine(Path.GetTempPath(), $"metronome-stdin-{Guid.NewGuid():N}.log");
        try
        {
            File.WriteAllText(log, "[    0.000000] Booting paravirtualized kernel on vmi\n[   25.130000] dahdi_dummy: Trying to load High Resolution Timer\n");

            var (code, stdout, _) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "bash", "-c", $"'{BuiltBinary.Path}' doctor --from - --json < '{log}'");

            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal("cannot-tell", doc.RootElement.GetProperty("verdict").GetString());
            Assert.Equal("pasted evidence (stdin)", doc.RootElement.GetProperty("subject").GetString());
            var timer = doc.RootElement.GetProperty("facts").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "dahdi.dummy-timer");
            Assert.Equal("hrtimer", timer.GetProperty("value").GetString());
            Assert.Equal("stdin", timer.GetProperty("evidence").GetProperty("source").GetString());
            Assert.Equal(2, timer.GetProperty("evidence").GetProperty("line").GetInt32());
        }
        finally
        {
            File.Delete(log);
        }
    }

    private static string Json(HostFacts facts) => JsonSerializer.Serialize(facts, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
}
