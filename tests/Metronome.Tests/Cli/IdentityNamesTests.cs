using System.Text.Json;
using System.Text.Json.Nodes;
using Metronome.Cli.Output;
using Metronome.Cli.Report;
using Metronome.Timing.Linux;
using Metronome.Timing.Sources;

namespace Metronome.Tests.Cli;

/// <summary>
/// Identities are enums, written by name: the name JSON writes (the wire, which saved results keep) is
/// the name the console, logs and metric labels say, and it reads back as the same value.
/// </summary>
public class IdentityNamesTests
{
    [Fact]
    public void Given_every_source_kind_When_written_as_JSON_Then_it_is_its_name_and_reads_back()
    {
        foreach (var kind in Enum.GetValues<TickSourceKind>())
        {
            string json = JsonSerializer.Serialize(kind, MetronomeJsonContext.Default.TickSourceKind);

            Assert.Equal($"\"{kind.Name()}\"", json);
            Assert.Equal(kind, JsonSerializer.Deserialize(json, MetronomeJsonContext.Default.TickSourceKind));
            Assert.True(TickSourceKinds.TryParse(kind.Name(), out var parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Fact]
    public void Given_every_scheduling_policy_When_written_as_JSON_Then_it_is_the_kernel_name_and_reads_back()
    {
        foreach (var policy in Enum.GetValues<SchedulingPolicy>())
        {
            string json = JsonSerializer.Serialize(policy, MetronomeJsonContext.Default.SchedulingPolicy);

            Assert.Equal($"\"{policy.Name()}\"", json);
            Assert.StartsWith("\"SCHED_", json);
            Assert.Equal(policy, JsonSerializer.Deserialize(json, MetronomeJsonContext.Default.SchedulingPolicy));
        }
    }

    [Fact]
    public void Given_the_report_levels_When_written_Then_the_page_gets_the_names_its_styles_use()
    {
        var names = Enum.GetValues<ReportLevel>().Select(level =>
            JsonNode.Parse(JsonSerializer.Serialize(new ReportHeader("h", "k", "v", "s", "w", "d", "verdict", level, "m"), ReportJsonContext.Default.ReportHeader))!["level"]!.GetValue<string>());

        Assert.Equal(["good", "warn", "bad"], names);
    }

    [Fact]
    public void Given_the_source_names_When_listed_Then_they_are_those_saved_results_carry()
    {
        Assert.Equal(["auto", "timerfd", "nanosleep", "hybrid", "dotnet", "dahdi"], Enum.GetValues<TickSourceKind>().Select(k => k.Name()));
        Assert.False(TickSourceKinds.TryParse("TimerFd", out _));
    }
}
