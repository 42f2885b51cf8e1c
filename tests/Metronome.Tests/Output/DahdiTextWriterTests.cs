using Metronome.Cli.Output;
using Metronome.Tooling.Measuring;

namespace Metronome.Tests.Output;

/// <summary>Golden text from dahdi_test 3.x's format strings (dahdi-tools' dahdi_test.c).</summary>
public class DahdiTextWriterTests
{
    private static readonly PassResult Perfect = new(100.0, 8192, 8192.0);
    private static readonly PassResult Fast = new(DahdiAccuracy.Score(8192, 8183.808), 8192, 8183.808);

    private static string Write(bool verbose, List<PassResult> passes)
    {
        var text = new StringWriter();
        var writer = new DahdiTextWriter(text, verbose);
        for (int i = 0; i < passes.Count; i++) writer.WritePass(i, passes[i]);
        writer.WriteSummary(DahdiSummary.From(passes));
        return text.ToString();
    }

    [Fact]
    public void Given_17_passes_When_written_plainly_Then_a_newline_comes_before_passes_8_and_16()
    {
        var passes = Enumerable.Repeat(Perfect, 17).ToList();
        passes[9] = Fast;

        string text = Write(verbose: false, passes);

        Assert.Equal(
            "100.000% 100.000% 100.000% 100.000% 100.000% 100.000% 100.000% 100.000% \n" +
            "100.000% 99.900% 100.000% 100.000% 100.000% 100.000% 100.000% 100.000% \n" +
            "100.000% \n" +
            "--- Results after 17 passes ---\n" +
            "Best: 100.000% -- Worst: 99.900% -- Average: 99.994118%\n" +
            "Cumulative Accuracy (not per pass): 99.994\n",
            text);
    }

    [Fact]
    public void Given_verbose_When_written_Then_every_pass_gives_samples_intervals_and_score_on_its_own_line()
    {
        string text = Write(verbose: true, [Perfect, Fast]);

        Assert.Equal(
            "\n8192 samples in 8192.000 system clock sample intervals (100.000%)" +
            "\n8192 samples in 8183.808 system clock sample intervals (99.900%)" +
            "\n--- Results after 2 passes ---\n" +
            "Best: 100.000% -- Worst: 99.900% -- Average: 99.950000%\n" +
            "Cumulative Accuracy (not per pass): 99.950\n",
            text);
    }

    [Fact]
    public void Given_no_passes_When_the_summary_is_written_Then_it_is_dahdi_tests_zero_pass_text()
    {
        Assert.Equal(
            "\n--- Results after 0 passes ---\n" +
            "Best: 0.000% -- Worst: 100.000% -- Average: 100.000000%\n" +
            "Cumulative Accuracy (not per pass): 0.000\n",
            Write(verbose: false, []));
    }
}
