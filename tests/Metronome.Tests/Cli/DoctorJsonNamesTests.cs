using System.Text.Json;

namespace Metronome.Tests.Cli;

/// <summary>`doctor --json` spells every identity one way: fact names in facts[] and unknown, rule names, hypervisor and finding names.</summary>
public class DoctorJsonNamesTests
{
    [Fact]
    public void Given_a_paste_with_a_named_hypervisor_and_a_derivation_When_doctored_as_json_Then_names_and_rules_are_spelled_as_documented()
    {
        using var paste = new PasteFile("[    0.000000] Hypervisor detected: PVM\n"
            + "$ cat /sys/devices/system/clocksource/clocksource0/available_clocksource\nkvm-clock tsc\n");

        var (code, stdout, _) = Support.CliRun.Run("doctor", "--from", paste.Path, "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var facts = root.GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal("pvm", facts["hypervisor"].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, facts["hypervisor"].GetProperty("rule").ValueKind);
        Assert.Equal("no", facts["hpet.present"].GetProperty("value").GetString());
        Assert.Equal("no-hpet-clocksource", facts["hpet.present"].GetProperty("rule").GetString());
        Assert.Equal(3, facts["hpet.present"].GetProperty("evidence").GetProperty("line").GetInt32());
        Assert.Equal("pvm", root.GetProperty("host").GetProperty("virtualization").GetString());
        var unknown = root.GetProperty("unknown").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("high-resolution.active", unknown);
        Assert.Contains("kernel-config", unknown);
        Assert.DoesNotContain(unknown, n => n.Any(char.IsUpper));
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "timer-trouble");
    }
}
