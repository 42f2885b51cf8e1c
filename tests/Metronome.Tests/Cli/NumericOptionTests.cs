using System.CommandLine;
using Metronome.Cli;

namespace Metronome.Tests.Cli;

/// <summary>
/// Every numeric option of every verb, found by walking the command tree itself (so an option added
/// later is covered without touching this file), given values that are not numbers, not whole, negative,
/// empty or huge: exit 2 and one line that names the option and the value, never a stack trace.
/// </summary>
public class NumericOptionTests
{
    private static readonly Type[] Whole = [typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(uint), typeof(short), typeof(byte)];
    private static readonly Type[] Fractional = [typeof(double), typeof(double?), typeof(float), typeof(float?), typeof(decimal), typeof(decimal?)];

    private static IEnumerable<(string[] Path, Option Option)> NumericOptions()
    {
        var root = MetronomeCli.CreateRoot(TextWriter.Null, TextWriter.Null);
        var pending = new Stack<(string[] Path, Command Command)>(root.Subcommands.Select(c => (new[] { c.Name }, c)));
        while (pending.TryPop(out var item))
        {
            foreach (var sub in item.Command.Subcommands) pending.Push(([.. item.Path, sub.Name], sub));
            foreach (var option in item.Command.Options)
                if (Whole.Contains(option.ValueType) || Fractional.Contains(option.ValueType))
                    yield return (item.Path, option);
        }
    }

    public static TheoryData<string, string, string> BadValues()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, option) in NumericOptions())
        {
            bool fractional = Fractional.Contains(option.ValueType);
            // 1.5 is a fine value for an option that takes fractions; every other one is bad for all.
            foreach (var value in fractional ? new[] { "abc", "", "-1", "99999999999" } : ["abc", "1.5", "-1", "", "99999999999"])
                data.Add(string.Join(' ', path), option.Name, value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Given_a_bad_value_for_a_numeric_option_When_run_Then_one_line_names_option_and_value_and_it_exits_2(string verb, string option, string value)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = MetronomeCli.Run([.. verb.Split(' '), option, value], stdout, stderr);

        Assert.Equal(2, code);
        Assert.Equal("", stdout.ToString());
        var lines = stderr.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"metronome: {option} ", lines[0]);
        Assert.True(lines[0].EndsWith($"(got {value})", StringComparison.Ordinal) || lines[0].EndsWith($"(got '{value}')", StringComparison.Ordinal), lines[0]);
        Assert.Equal($"Usage: metronome {verb} [options]; 'metronome {verb} --help' lists them.", lines[1]);
    }

    [Fact]
    public void Given_the_command_tree_When_walked_Then_it_finds_the_numeric_options_of_every_verb_that_has_some()
    {
        var found = NumericOptions().Select(o => $"{string.Join(' ', o.Path)} {o.Option.Name}").ToHashSet();

        foreach (var expected in new[]
                 {
                     "test --rate", "test --count", "test --duration", "test --priority", "test --cpu", "test --spin-us",
                     "doctor --measure", "dahdi --status-every", "dahdi --priority", "load --cpu", "load --duration",
                     "compare --duration", "compare --rounds", "compare --rate",
                 })
            Assert.Contains(expected, found);
    }

    [Theory]
    [InlineData("test", "--rate", "abc", "--rate takes a whole number from 1 to 10000 (got 'abc')")]
    [InlineData("test", "-c", "1.5", "--count takes a whole number from 1 to 1000000 (got '1.5')")]
    [InlineData("test", "-c", "99999999999", "--count must be between 1 and 1000000 (got 99999999999)")]
    [InlineData("load", "--cpu", "x", "--cpu takes a whole number from 0 to 256 (got 'x')")]
    [InlineData("compare", "-D", "", "--duration takes a whole number from 1 to 3600 (got '')")]
    public void Given_a_bad_number_When_run_Then_the_line_says_what_a_good_one_is(string verb, string option, string value, string message)
    {
        var stderr = new StringWriter();

        int code = MetronomeCli.Run([verb, option, value], TextWriter.Null, stderr);

        Assert.Equal(2, code);
        Assert.StartsWith($"metronome: {message}\n", stderr.ToString());
    }
}
