using System.Text.Json;
using Metronome.Cli;
using Metronome.Cli.Commands;
using Metronome.Cli.Output;

namespace Metronome.Tests.Cli;

/// <summary>Saved results say what, where and when; and their text is written as it is, not \u-escaped.</summary>
public sealed class ResultContextTests : IDisposable
{
    // A snapshot in a directory whose name has every character the default JSON encoder escapes.
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"metronome a<b>'+c {Guid.NewGuid():N}");

    public ResultContextTests()
    {
        CopyDirectory(Metronome.Tests.Support.Fixtures.Host("xen"), Path.Combine(_dir, "xen"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_a_doctor_report_as_json_When_written_Then_it_carries_start_host_kernel_version_and_command_line_plainly()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var stdout = new StringWriter();
        string root = Path.Combine(_dir, "xen");

        int code = MetronomeCli.Run(["doctor", "--root", root, "--json"], stdout, TextWriter.Null);

        Assert.Equal(0, code);
        string text = stdout.ToString();
        Assert.DoesNotContain("\\u00", text);
        using var doc = JsonDocument.Parse(text);
        var r = doc.RootElement;
        Assert.Equal(2, r.GetProperty("schemaVersion").GetInt32());
        string startedAt = r.GetProperty("startedAt").GetString()!;
        Assert.EndsWith("Z", startedAt);
        Assert.InRange(DateTime.Parse(startedAt, null, System.Globalization.DateTimeStyles.RoundtripKind), before, DateTime.UtcNow);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), r.GetProperty("hostname").GetString());
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), r.GetProperty("kernel").GetString());
        Assert.False(string.IsNullOrEmpty(r.GetProperty("metronomeVersion").GetString()));
        string quoted = "'" + root.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        Assert.Equal($"metronome doctor --root {quoted} --json", r.GetProperty("commandLine").GetString());
        Assert.Contains("a<b>'\\\\''+c", text); // the raw characters, with only JSON's own escape of the backslash
    }

    [Theory]
    [InlineData(new[] { "test", "-c", "2" }, "metronome test -c 2")]
    [InlineData(new[] { "test", "--load", "stress-ng --cpu 2" }, "metronome test --load 'stress-ng --cpu 2'")]
    [InlineData(new[] { "test", "--json", "it's.json" }, "metronome test --json 'it'\\''s.json'")]
    [InlineData(new[] { "compare", "--sources", "" }, "metronome compare --sources ''")]
    public void Given_arguments_When_recorded_Then_the_command_line_can_be_pasted_into_a_shell(string[] args, string expected)
    {
        Assert.Equal(expected, RunContext.CommandLineOf(args));
    }

    [Fact]
    public void Given_text_with_html_characters_When_any_document_is_serialised_Then_it_is_written_as_it_is()
    {
        var doc = new SourceListDocument([new SourceDocument(Metronome.Timing.Sources.TickSourceKind.Auto, "x<y> a 'b' + c & d", false, "<none>")]);

        string json = JsonSerializer.Serialize(doc, MetronomeJsonContext.Plain.SourceListDocument);

        Assert.Contains("\"x<y> a 'b' + c & d\"", json);
        Assert.Contains("\"<none>\"", json);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
