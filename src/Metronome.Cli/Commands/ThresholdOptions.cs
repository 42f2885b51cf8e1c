using System.CommandLine;
using System.Globalization;

namespace Metronome.Cli.Commands;

/// <summary>
/// --fail-below, --max-late-us and --max-missed: limits a script sets on a measurement. The results are
/// printed in full either way; then one line per limit the run broke, and exit code 3.
/// </summary>
internal sealed class ThresholdOptions
{
    private readonly Option<double?> _failBelow;
    private readonly Option<long?> _maxLateUs;
    private readonly Option<long?> _maxMissed;

    /// <param name="subject">What the limits apply to, for the help text ("the run", "the recommended source").</param>
    public ThresholdOptions(string subject)
    {
        _failBelow = new Option<double?>("--fail-below") { Description = $"Exit 3 if the dahdi average of {subject} is below PCT (0..100).", HelpName = "PCT" }
            .InRange(0, 100);
        _maxLateUs = new Option<long?>("--max-late-us") { Description = $"Exit 3 if the worst lateness of {subject} is above N microseconds.", HelpName = "N" }
            .InRange(0, 60_000_000);
        _maxMissed = new Option<long?>("--max-missed") { Description = $"Exit 3 if {subject} missed more than N ticks.", HelpName = "N" }
            .InRange(0, 1_000_000_000);
    }

    public IEnumerable<Option> All => [_failBelow, _maxLateUs, _maxMissed];

    /// <summary>Writes one line per broken limit; exit 3 when there is any, else 0.</summary>
    public static int Report(IEnumerable<string> broken, TextWriter stderr)
    {
        int code = MetronomeCli.Success;
        foreach (var line in broken)
        {
            stderr.WriteLine($"metronome: threshold failed: {line}");
            code = MetronomeCli.ThresholdFailed;
        }
        return code;
    }

    public Thresholds Read(ParseResult parse) => new(parse.GetValue(_failBelow), parse.GetValue(_maxLateUs), parse.GetValue(_maxMissed));
}

/// <summary>The limits set; null where none was.</summary>
internal sealed record Thresholds(double? FailBelow, long? MaxLateUs, long? MaxMissed)
{
    /// <summary>
    /// One line per limit broken by a measurement with this dahdi average (null: no pass completed),
    /// worst lateness and missed ticks (null: not counted). A limit that cannot be checked is broken.
    /// </summary>
    public IEnumerable<string> Broken(double? dahdiAverage, long maxLateNs, long? missedTicks)
    {
        var c = CultureInfo.InvariantCulture;
        if (FailBelow is { } pct)
        {
            if (dahdiAverage is not { } average)
                yield return string.Format(c, "no dahdi pass completed, so --fail-below {0} is not met", pct);
            else if (average < pct)
                yield return string.Format(c, "dahdi average {0:0.0000}% is below --fail-below {1}", average, pct);
        }
        // In whole microseconds, as the results print it: 1000.9 us is "1000 us", within --max-late-us 1000.
        if (MaxLateUs is { } late && maxLateNs / 1000 > late)
            yield return string.Format(c, "worst lateness {0} us is above --max-late-us {1}", maxLateNs / 1000, late);
        if (MaxMissed is { } missed)
        {
            if (missedTicks is not { } count)
                yield return string.Format(c, "missed ticks were not counted, so --max-missed {0} is not met", missed);
            else if (count > missed)
                yield return string.Format(c, "{0} missed ticks is above --max-missed {1}", count, missed);
        }
    }
}
