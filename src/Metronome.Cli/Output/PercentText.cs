using System.Globalization;

namespace Metronome.Cli.Output;

/// <summary>A percentage for people: "12.34%", or "unknown" for a figure that could not be measured.</summary>
internal static class PercentText
{
    public static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) + "%" : "unknown";
}
