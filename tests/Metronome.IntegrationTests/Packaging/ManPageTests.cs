using System.Text.RegularExpressions;
using Metronome.Tests.Support;

namespace Metronome.IntegrationTests.Packaging;

/// <summary>metronome(1) as scripts/manpage.sh makes it from the built binary's help (the .deb and install.sh ship this page).</summary>
public sealed partial class ManPageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metronome-manpage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_the_generated_page_When_man_renders_it_Then_no_help_heading_is_left_as_a_stray_line()
    {
        string page = Path.Combine(_dir, "metronome.1");
        var (code, roff, stderr) = CliProcess.RunProgram(TimeSpan.FromSeconds(120), "bash",
            Path.Combine(Repository.Root, "scripts", "manpage.sh"), BuiltBinary.Path);
        Assert.True(code == 0, stderr);
        File.WriteAllText(page, roff);

        var (rendered, text, manErr) = CliProcess.RunProgram(TimeSpan.FromSeconds(60), "man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-P", "cat", page);
        Assert.True(rendered == 0, manErr);
        string plain = Backspaced().Replace(text, "");

        // help2man makes DESCRIPTION of the help's own "Description:" heading; the heading itself must not stay.
        Assert.DoesNotContain("Description:", plain);
        Assert.Matches(@"DESCRIPTION\n +Metronome: a precise 1 kHz tick", plain);
    }

    [GeneratedRegex(".\b")]
    private static partial Regex Backspaced();
}
