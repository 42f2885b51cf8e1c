using System.Globalization;
using Metronome.Tooling.Measuring;

namespace Metronome.Cli.Output;

/// <summary>
/// Per-pass scores and the summary in exactly dahdi_test 3.x's formats, so scripts that parse
/// dahdi_test's output read ours: "%.3f%% " per pass with a newline before passes 8, 16, …; with -v,
/// "\n%d samples in %0.3f system clock sample intervals (%.3f%%)"; then the summary block.
/// </summary>
internal sealed class DahdiTextWriter(TextWriter output, bool verbose)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <param name="index">The 0-based number of the pass, as dahdi_test's <c>pass</c> counter before it increments.</param>
    public void WritePass(int index, PassResult pass)
    {
        if (verbose)
            output.Write(string.Format(C, "\n{0} samples in {1:F3} system clock sample intervals ({2:F3}%)", pass.Samples, pass.Intervals, pass.Score));
        else
        {
            if (index > 0 && index % 8 == 0) output.Write('\n');
            output.Write(string.Format(C, "{0:F3}% ", pass.Score));
        }
        output.Flush();
    }

    public void WriteSummary(DahdiSummary summary)
    {
        output.Write(string.Format(C, "\n--- Results after {0} passes ---\n", summary.Passes));
        output.Write(string.Format(C, "Best: {0:F3}% -- Worst: {1:F3}% -- Average: {2:F6}%\n", summary.Best, summary.Worst, summary.Average));
        output.Write(string.Format(C, "Cumulative Accuracy (not per pass): {0:F3}\n", summary.Cumulative));
    }
}
