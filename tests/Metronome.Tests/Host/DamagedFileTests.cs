using Metronome.Tooling.Host;
using Metronome.Tooling.Host.Facts;
using Metronome.Tests.Support;

namespace Metronome.Tests.Host;

/// <summary>
/// Every file of every fixture host, replaced by garbage, cut in half, or emptied: the doctor still
/// answers, no fact is read from garbage, and a fact it can no longer read is unknown with a reason,
/// never a guess or an exception. Pasted evidence (--from) gets the same treatment.
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
    public void Given_any_file_damaged_When_inspected_Then_no_fact_comes_from_the_damage_and_no_other_fact_changes(string host, string file)
    {
        var intact = FactSheet.From(HostInspector.InspectSnapshot(Fixtures.Host(host))).ToDictionary(f => f.Name);
        foreach (var (damage, name) in new (Func<byte[], byte[]>, string)[] { (Garbage, "garbage"), (Truncated, "truncated"), (_ => [], "empty") })
        {
            string copy = Fixtures.CopyOf(host);
            try
            {
                string path = Path.Combine(copy, file);
                File.WriteAllBytes(path, damage(File.ReadAllBytes(path)));

                var inspection = HostInspector.InspectSnapshot(copy);
                var findings = DoctorRules.Evaluate(inspection, null);
                var facts = FactSheet.From(inspection);

                // Garbage is never read as a fact: no stated fact names the damaged file as its evidence.
                // (A truncated or emptied file can still hold a true-looking value, such as an empty isolated CPU list.)
                // (Marker files such as .dockerenv count by being there: their evidence quotes no text.)
                if (name == "garbage") Assert.DoesNotContain(facts, f => f.Evidence.Source == file && (f.Evidence.Text ?? f.Evidence.Line?.ToString()) is not null);
                // A fact still read from the same source as before keeps its value; the damage can only make facts
                // unknown or move them to another source. (Truncation can cut a name short into another plausible name.)
                foreach (var fact in facts.Where(f => name != "truncated" && intact.TryGetValue(f.Name, out var before) && before.Evidence.Source == f.Evidence.Source))
                    Assert.True(intact[fact.Name].Value == fact.Value, $"{name} {file}: {fact.Name} became '{fact.Value}' (was '{intact[fact.Name].Value}')");
                // Every unknown finding says why.
                Assert.All(findings.Where(f => f.Status == FindingStatus.Unknown), f => Assert.False(string.IsNullOrWhiteSpace(f.Observed)));
                // The verdict follows the findings' rule: a failure is unsuitable; nothing failed and an essential unknown is cannot-tell.
                Assert.Equal(findings.Any(f => f.Status == FindingStatus.Fail) ? DoctorVerdict.Unsuitable
                    : findings.Any(f => f.Id is FindingId.Clocksource or FindingId.HighResolution && f.Status == FindingStatus.Unknown) ? DoctorVerdict.CannotTell
                    : findings.Any(f => f.Status == FindingStatus.Warn) ? DoctorVerdict.Caveats : DoctorVerdict.Ready, Verdict.From(findings));
            }
            finally
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("sys/devices/system/clocksource/clocksource0/current_clocksource", nameof(FactKey.ClocksourceCurrent), nameof(FactKey.ClocksourceCurrent), "var/log/dmesg")]
    [InlineData("proc/sys/kernel/osrelease", nameof(FactKey.KernelVersion), nameof(FactKey.KernelVersion), "var/log/dmesg")]
    [InlineData("proc/self/limits", nameof(FactKey.RealtimeRtprioLimit), nameof(FactKey.RealtimeRtprioLimit), null)]
    [InlineData("proc/sys/kernel/sched_rt_runtime_us", nameof(FactKey.RealtimeRtRuntimeUs), nameof(FactKey.RealtimeRtRuntimeUs), null)]
    [InlineData("metronome-live.json", nameof(FactKey.LiveFacts), nameof(FactKey.RealtimeSchedFifo), null)]
    [InlineData("var/log/dmesg", nameof(FactKey.KernelLog), nameof(FactKey.HighResolutionSwitchFailed), null)]
    public void Given_a_file_turned_to_garbage_When_inspected_Then_its_fact_is_unknown_with_the_reason_or_read_from_its_second_source(
        string file, string reasonName, string factName, string? secondSource)
    {
        var (reasonKey, fact) = (Enum.Parse<FactKey>(reasonName), Enum.Parse<FactKey>(factName));
        string copy = Fixtures.CopyOf("kvm-firecracker-docker");
        try
        {
            File.WriteAllBytes(Path.Combine(copy, file), Garbage(File.ReadAllBytes(Path.Combine(copy, file))));

            var inspection = HostInspector.InspectSnapshot(copy);
            var stated = FactSheet.From(inspection).SingleOrDefault(f => f.Name == fact);

            if (secondSource is null)
            {
                Assert.Null(stated);
                Assert.True(inspection.Unknowns.ContainsKey(reasonKey), $"no reason recorded for {reasonKey}");
                Assert.Contains(file, inspection.Unknowns[reasonKey]);
            }
            else
            {
                // The kernel log's boot banner and last "Switched to clocksource" name the same facts: the fact moves there, with that line.
                Assert.NotNull(stated);
                Assert.Equal(secondSource, stated.Evidence.Source);
                Assert.NotNull(stated.Evidence.Line);
            }
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
            Assert.Contains("timer_list", inspection.Unknowns[FactKey.TimerList]);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    public static TheoryData<string> PastedDamage() => new("garbage", "binary", "empty", "noise-10MB", "garbage-lines");

    /// <summary>What `doctor --from` may be handed by mistake: random bytes, a program, nothing, 10 MB of printable noise, lines of junk.</summary>
    private static byte[] Pasted(string kind) => kind switch
    {
        "garbage" => Garbage(new byte[4096]),
        "binary" => File.ReadAllBytes(typeof(HostInspector).Assembly.Location),
        "empty" => [],
        "noise-10MB" => Noise(10 << 20),
        _ => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"[{i,5}.000000] {(char)('a' + i % 26)}{i * 7919 % 10007} x: y {i}"))),
    };

    [Theory]
    [MemberData(nameof(PastedDamage))]
    public void Given_pasted_damage_When_doctored_from_it_Then_no_exception_no_fact_and_the_verdict_is_cannot_tell(string kind)
    {
        var evidence = PastedEvidence.Read([("damaged.txt", Pasted(kind))]);

        var inspection = HostInspector.InspectPasted(evidence);
        var findings = DoctorRules.Evaluate(inspection, null);

        Assert.Empty(FactSheet.From(inspection));
        Assert.Equal(DoctorVerdict.CannotTell, Verdict.From(findings));
        Assert.Equal([DoctorRules.PasteClocksource, DoctorRules.PasteTimerList, DoctorRules.PasteDmesg], Verdict.WhatToPaste(findings).Take(3));
        Assert.DoesNotContain(findings, f => f.Status is FindingStatus.Warn or FindingStatus.Fail);
    }

    [Theory]
    [MemberData(nameof(PastedDamage))]
    public void Given_pasted_damage_beside_a_good_log_When_doctored_Then_the_facts_are_the_good_logs_alone(string kind)
    {
        var good = ("dmesg.txt", System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Path.Combine(Fixtures.Host("tsc-unstable"), "var/log/dmesg"))));
        var alone = FactSheet.From(HostInspector.InspectPasted(PastedEvidence.Read([good])));

        var mixed = FactSheet.From(HostInspector.InspectPasted(PastedEvidence.Read([("damaged.txt", Pasted(kind)), good])));

        Assert.NotEmpty(alone);
        Assert.Equal(alone, mixed);
    }

    [Fact]
    public void Given_a_binary_paste_When_read_Then_its_lines_are_dropped_and_said_so()
    {
        var evidence = PastedEvidence.Read([("metronome.dll", Pasted("binary"))]);

        Assert.Matches(@"^metronome\.dll: \d+ lines that are not text were ignored$", Assert.Single(evidence.Problems));
    }

    /// <summary>Printable noise in lines of up to 200 characters, deterministic.</summary>
    private static byte[] Noise(int size)
    {
        var random = new Random(11);
        var bytes = new byte[size];
        for (int i = 0; i < size; i++) bytes[i] = random.Next(200) == 0 ? (byte)'\n' : (byte)random.Next(0x20, 0x7F);
        return bytes;
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
