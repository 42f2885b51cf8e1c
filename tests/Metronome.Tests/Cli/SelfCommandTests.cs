using Metronome.Cli;

namespace Metronome.Tests.Cli;

/// <summary>The command `--load` uses to start `metronome load`: this very program, however it was started.</summary>
public class SelfCommandTests
{
    [Theory]
    // NativeAOT: the binary, and .NET reports it as the first argument.
    [InlineData("/usr/local/bin/metronome", "/usr/local/bin/metronome", "/usr/local/bin/metronome")]
    // The JIT apphost (dotnet run): .NET reports the .dll, but the apphost must not be given it.
    [InlineData("/src/bin/Release/net10.0/Metronome.Cli", "/src/bin/Release/net10.0/Metronome.Cli.dll", "/src/bin/Release/net10.0/Metronome.Cli")]
    // dotnet Metronome.Cli.dll: the host needs the assembly.
    [InlineData("/usr/share/dotnet/dotnet", "/src/bin/Release/net10.0/Metronome.Cli.dll", "/usr/share/dotnet/dotnet /src/bin/Release/net10.0/Metronome.Cli.dll")]
    public void Given_how_the_process_was_started_When_asked_Then_the_command_runs_the_same_program(string process, string first, string expected)
    {
        Assert.Equal(expected, string.Join(' ', SelfCommand.From(process, first)));
    }

    [Fact]
    public void Given_this_test_process_When_asked_Then_the_command_is_an_existing_program()
    {
        var command = SelfCommand.Get();

        Assert.True(File.Exists(command[0]), command[0]);
        Assert.InRange(command.Count, 1, 2);
    }
}
