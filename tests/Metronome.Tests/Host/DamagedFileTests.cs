using Metronome.Host;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>
/// Every file of every fixture host, replaced by garbage, cut in half, or emptied: the doctor still
/// answers, and a fact it can no longer read is unknown with a reason, never a guess or an exception.
/// </summary>
public class DamagedFileTests
{
    public static TheoryData<string, string> EveryFile()
    {
        var data = new TheoryData<string, string>();
        foreach (var host in Fixtures.HostNames())
        {
            string root = Fixtures.Host(host);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
                data.Add(host, Path.GetRelativePath(root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryFile))]
    public void Given_any_file_damaged_When_inspected_Then_the_doctor_still_gives_a_verdict(string host, string file)
    {
        foreach (var damage in new Func<byte[], byte[]>[] { Garbage, Truncated, _ => [] })
        {
            string copy = Fixtures.CopyOf(host);
            try
            {
                string path = Path.Combine(copy, file);
                File.WriteAllBytes(path, damage(File.ReadAllBytes(path)));

                var inspection = HostInspector.InspectSnapshot(copy);
                var findings = DoctorRules.Evaluate(inspection, null, measured: false);

                Assert.Contains(Verdict.From(findings), new[] { Verdict.Ready, Verdict.Caveats, Verdict.Unsuitable });
                Assert.All(findings, f => Assert.Contains(f.Status, new[] { Finding.Ok, Finding.Warn, Finding.Fail, Finding.Unknown }));
                Assert.All(findings.Where(f => f.Status == Finding.Unknown), f => Assert.False(string.IsNullOrWhiteSpace(f.Observed)));
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("sys/devices/system/clocksource/clocksource0/current_clocksource", "clocksource.current")]
    [InlineData("proc/sys/kernel/osrelease", "kernel.release")]
    [InlineData("proc/self/limits", "realtime.rtprioLimit")]
    [InlineData("proc/sys/kernel/sched_rt_runtime_us", "realtime.rtRuntimeUs")]
    [InlineData("metronome-live.json", "liveFacts")]
    [InlineData("var/log/dmesg", "kernelLog")]
    public void Given_a_file_turned_to_garbage_When_inspected_Then_its_fact_is_unknown_with_the_reason(string file, string fact)
    {
        string copy = Fixtures.CopyOf("this-machine");
        try
        {
            File.WriteAllBytes(Path.Combine(copy, file), Garbage(File.ReadAllBytes(Path.Combine(copy, file))));

            var inspection = HostInspector.InspectSnapshot(copy);

            Assert.True(inspection.Unknowns.ContainsKey(fact), $"no reason recorded for {fact}");
            Assert.Contains(file, inspection.Unknowns[fact]);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void Given_a_truncated_timer_list_and_no_live_facts_When_inspected_Then_high_resolution_is_unknown_not_guessed()
    {
        string copy = Fixtures.CopyOf("no-high-resolution");
        try
        {
            File.WriteAllText(Path.Combine(copy, "proc/timer_list"), "Timer Li");

            var inspection = HostInspector.InspectSnapshot(copy);

            Assert.Null(inspection.Facts.HighResolution.Active);
            Assert.Null(inspection.Facts.HighResolution.ResolutionNs);
            Assert.Contains("timer_list", inspection.Unknowns["timerList"]);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>Deterministic noise with control bytes, the length of the original (at least 64 bytes).</summary>
    private static byte[] Garbage(byte[] original)
    {
        var random = new Random(original.Length);
        var bytes = new byte[Math.Max(64, original.Length)];
        random.NextBytes(bytes);
        bytes[0] = 0x01;
        return bytes;
    }

    private static byte[] Truncated(byte[] original) => original[..(original.Length / 2)];
}
