using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Metronome.Cli.Output;

namespace Metronome.Cli.Report;

/// <summary>A result file the report cannot use; <see cref="ExitCode"/> is 2 for the wrong kind of file, 1 for a damaged or too-new one.</summary>
internal sealed class ReportInputException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>One saved result, read back into the document its verb wrote: a `test`, `compare` or `doctor` result.</summary>
internal sealed record ReportInput(string Name, ResultDocument Document)
{
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
        var shape = Shape(name, text);
        if (shape.Version is not { } schema)
            throw new ReportInputException($"{name} is JSON but not a metronome result (no schemaVersion): give the file `test --json`, `compare --json` or `doctor --json` wrote", MetronomeCli.Usage);
        if (schema > MaxSchemaVersion)
            throw new ReportInputException($"{name} was written by a newer metronome (schema {schema}; this one reads up to {MaxSchemaVersion}): report it with that version", MetronomeCli.Failure);
        if (schema < 1)
            throw new ReportInputException($"{name} has schema {schema}, which no metronome wrote", MetronomeCli.Usage);
        var context = MetronomeJsonContext.Default;
        return new ReportInput(name, shape.Kind switch
        {
            ResultKind.Compare => Read(name, ResultKind.Compare, text, context.ComparisonDocument),
            ResultKind.Doctor => Read(name, ResultKind.Doctor, text, context.DoctorDocument),
            ResultKind.Test => Read(name, ResultKind.Test, text, context.TestResultDocument),
            _ => throw new ReportInputException($"{name} is JSON with a schemaVersion but not a test, compare or doctor result", MetronomeCli.Usage),
        });
    }

    /// <summary>The fields that tell what the file is; a file that is not whole JSON, or not an object, says so.</summary>
    private static ResultShape Shape(string name, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Deserialize(ReportJsonContext.Default.ResultShape)!
                : new ResultShape(null, null, null, null, null, null);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            string what = text.TrimEnd().Length == 0 ? "is empty" : $"is not complete JSON (truncated or damaged{where})";
            throw new ReportInputException($"{name} {what}: not a metronome result", MetronomeCli.Failure);
        }
    }

    private static T Read<T>(string name, ResultKind kind, string text, JsonTypeInfo<T> type) where T : ResultDocument
    {
        try
        {
            return JsonSerializer.Deserialize(text, type)!;
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{name} is a damaged {kind.ToString().ToLowerInvariant()} result: {e.Path ?? "a field"} does not hold what metronome writes there", MetronomeCli.Failure);
        }
    }
}
