using System.CommandLine;

namespace Metronome.Cli.Commands;

/// <summary>Range checks that turn a bad value into one clear parse error (and exit 2).</summary>
internal static class OptionValidation
{
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{option.Name} must be between {min} and {max} (got {value})");
        });
        return option;
    }

    public static Option<int?> InRange(this Option<int?> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < min || value > max))
                result.AddError($"{option.Name} must be between {min} and {max} (got {value})");
        });
        return option;
    }

    public static Option<string> OneOf(this Option<string> option, IReadOnlyList<string> allowed)
    {
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is not null && !allowed.Contains(value))
                result.AddError($"unknown {option.Name.TrimStart('-')} '{value}' (known: {string.Join(", ", allowed)})");
        });
        return option;
    }
}
