using System.Text.Json;
using Metronome.Cli.Output;

namespace Metronome.Cli.Report;

/// <summary>A result file the report cannot use; <see cref="ExitCode"/> is 2 for the wrong kind of file, 1 for a damaged or too-new one.</summary>
internal sealed class ReportInputException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>One saved result, recognised by its shape: a `test`, `compare` or `doctor` JSON document.</summary>
internal sealed record ReportInput(string Name, string Kind, int SchemaVersion, JsonElement Root)
{
    public const string Test = "test", Compare = "compare", Doctor = "doctor";

    /// <summary>The newest schema this build reads: whatever it writes itself.</summary>
    public static int MaxSchemaVersion => Math.Max(TestResultDocument.CurrentSchemaVersion,
        Math.Max(ComparisonDocument.CurrentSchemaVersion, DoctorDocument.CurrentSchemaVersion));

    public static ReportInput Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"cannot read {path}: {e.Message}", MetronomeCli.Failure);
        }
        return Parse(path, text);
    }

    public static ReportInput Parse(string name, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            string what = text.TrimEnd().Length == 0 ? "is empty" : $"is not complete JSON (truncated or damaged{where})";
            throw new ReportInputException($"{name} {what}: not a metronome result", MetronomeCli.Failure);
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("schemaVersion", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out int schema))
            throw new ReportInputException($"{name} is JSON but not a metronome result (no schemaVersion): give the file `test --json`, `compare --json` or `doctor --json` wrote", MetronomeCli.Usage);
        if (schema > MaxSchemaVersion)
            throw new ReportInputException($"{name} was written by a newer metronome (schema {schema}; this one reads up to {MaxSchemaVersion}): report it with that version", MetronomeCli.Failure);
        if (schema < 1)
            throw new ReportInputException($"{name} has schema {schema}, which no metronome wrote", MetronomeCli.Usage);
        string kind = root.TryGetProperty("comparison", out var c) && c.ValueKind == JsonValueKind.Object ? Compare
            : root.TryGetProperty("verdict", out _) && root.TryGetProperty("findings", out _) ? Doctor
            : root.TryGetProperty("source", out _) && root.TryGetProperty("summary", out _) ? Test
            : throw new ReportInputException($"{name} is JSON with a schemaVersion but not a test, compare or doctor result", MetronomeCli.Usage);
        return new ReportInput(name, kind, schema, root);
    }
}
