using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Metronome.Cli.Commands;

/// <summary>
/// Numbers and range checks that turn a bad value into one clear parse error (and exit 2). The parse
/// is ours, not System.CommandLine's: its own failure leaves a value that a later validator cannot
/// read without throwing, and says nothing about the range.
/// </summary>
internal static class OptionValidation
{
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.CustomParser = result => (int)(ParseWhole(result, option.Name, min, max) ?? 0);
        return option;
    }

    public static Option<int?> InRange(this Option<int?> option, int min, int max)
    {
        option.CustomParser = result => (int?)ParseWhole(result, option.Name, min, max);
        return option;
    }

    public static Option<long?> InRange(this Option<long?> option, long min, long max)
    {
        option.CustomParser = result => ParseWhole(result, option.Name, min, max);
        return option;
    }

    public static Option<double?> InRange(this Option<double?> option, double min, double max)
    {
        option.CustomParser = result =>
        {
            string text = Token(result);
            if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
            {
                result.AddError($"{option.Name} takes a number from {Text(min)} to {Text(max)} (got '{text}')");
                return null;
            }
            if (value < min || value > max)
            {
                result.AddError($"{option.Name} must be between {Text(min)} and {Text(max)} (got {text})");
                return null;
            }
            return value;
        };
        return option;
    }

    /// <summary>A whole number in [min, max], or null with the error added: what was wrong and what was given.</summary>
    private static long? ParseWhole(ArgumentResult result, string name, long min, long max)
    {
        string text = Token(result);
        bool digits = text.Length > 0 && text.TrimStart('-', '+').Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit) && text.Length - text.TrimStart('-', '+').Length <= 1;
        if (!digits)
        {
            result.AddError($"{name} takes a whole number from {min} to {max} (got '{text}')");
            return null;
        }
        // A number too big for a long is still a number: out of range.
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            result.AddError($"{name} must be between {min} and {max} (got {text})");
            return null;
        }
        return value;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
