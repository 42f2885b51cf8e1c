using System.Text.Json;

namespace Metronome.Tooling.Measuring.Stalls;

/// <summary>
/// A stall as one JSON object (the stall log's line, and the element of any result's stall list):
/// schemaVersion, at (UTC), tick, latenessNs, missedTicks, cpu, cause, runDelayNs, stealNs, windowNs, gcCollections.
/// Evidence that could not be read is null, never a guess. Written with Utf8JsonWriter: no reflection.
/// </summary>
internal static class StallJson
{
    public const int SchemaVersion = 1;

    public static void Write(Utf8JsonWriter writer, in Stall stall)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion"u8, SchemaVersion);
        writer.WriteString("at"u8, stall.AtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteNumber("tick"u8, stall.Tick);
        writer.WriteNumber("latenessNs"u8, stall.LatenessNs);
        writer.WriteNumber("missedTicks"u8, stall.MissedTicks);
        NumberOrNull(writer, "cpu"u8, stall.Cpu);
        writer.WriteString("cause"u8, StallCauses.Name(stall.Cause));
        NumberOrNull(writer, "runDelayNs"u8, stall.RunDelayNs);
        NumberOrNull(writer, "stealNs"u8, stall.StealNs);
        writer.WriteNumber("windowNs"u8, stall.WindowNs);
        writer.WriteNumber("gcCollections"u8, stall.GcCollections);
        writer.WriteEndObject();
    }

    /// <summary>The stall as one line of JSON (no newline).</summary>
    public static string ToLine(in Stall stall)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, stall);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void NumberOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long value)
    {
        if (value < 0) writer.WriteNull(name);
        else writer.WriteNumber(name, value);
    }
}
