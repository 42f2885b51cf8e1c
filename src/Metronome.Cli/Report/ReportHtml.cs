using System.Net;
using System.Text;
using System.Text.Json;

namespace Metronome.Cli.Report;

/// <summary>
/// One self-contained HTML file: the template, uPlot and its stylesheet inlined from the binary's
/// resources, and the report's data as a JSON block. It needs no network to open.
/// </summary>
internal static class ReportHtml
{
    private static readonly Lazy<string> Template = new(() => Resource("report.html"));
    private static readonly Lazy<string> UplotJs = new(() => Resource("uPlot.iife.min.js"));
    private static readonly Lazy<string> UplotCss = new(() => Resource("uPlot.min.css"));

    public static string Render(ReportData data)
    {
        // The default encoder escapes <, > and & as \uXXXX, so no "</script>" can end the data block early.
        string json = JsonSerializer.Serialize(data, ReportJsonContext.Default.ReportData);
        return new StringBuilder(Template.Value)
            .Replace("{{TITLE}}", WebUtility.HtmlEncode(data.Title))
            .Replace("{{GENERATOR}}", WebUtility.HtmlEncode(data.Generator))
            .Replace("{{UPLOT_CSS}}", UplotCss.Value)
            .Replace("{{UPLOT_JS}}", UplotJs.Value)
            .Replace("{{DATA}}", json)
            .ToString();
    }

    /// <summary>The report's data alone, as the page embeds it (for golden tests and scripts).</summary>
    public static string DataJson(ReportData data) => JsonSerializer.Serialize(data, ReportJsonContext.Default.ReportData);

    private static string Resource(string name)
    {
        using var stream = typeof(ReportHtml).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
