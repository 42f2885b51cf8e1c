using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metronome.Cli.Output;

/// <summary>
/// Lists of numbers written on one line inside the otherwise indented documents: a run's time series and
/// histogram have tens of thousands of numbers, and one per indented line would triple a 24-hour result.
/// Write-only: the documents are read back as JsonDocument (metronome report), never deserialised.
/// </summary>
internal abstract class CompactList<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("metronome's result documents are written, not deserialised");

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var compact = new Utf8JsonWriter(buffer))
        {
            compact.WriteStartArray();
            foreach (var item in value) WriteItem(compact, item);
            compact.WriteEndArray();
        }
        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }

    protected abstract void WriteItem(Utf8JsonWriter writer, T item);
}

internal sealed class CompactLongs : CompactList<long>
{
    protected override void WriteItem(Utf8JsonWriter writer, long item) => writer.WriteNumberValue(item);
}

internal sealed class CompactNullableLongs : CompactList<long?>
{
    protected override void WriteItem(Utf8JsonWriter writer, long? item)
    {
        if (item is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }
}

internal sealed class CompactDoubles : CompactList<double>
{
    protected override void WriteItem(Utf8JsonWriter writer, double item) => writer.WriteNumberValue(item);
}

internal sealed class CompactNullableDoubles : CompactList<double?>
{
    protected override void WriteItem(Utf8JsonWriter writer, double? item)
    {
        if (item is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }
}

/// <summary>The histogram's [bin, count] pairs.</summary>
internal sealed class CompactLongTuples : CompactList<long[]>
{
    protected override void WriteItem(Utf8JsonWriter writer, long[] item)
    {
        writer.WriteStartArray();
        foreach (long v in item) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}

/// <summary>The passes, one compact object each: a day has 84,000 of them.</summary>
internal sealed class CompactPasses : CompactList<PassDocument>
{
    protected override void WriteItem(Utf8JsonWriter writer, PassDocument item)
    {
        writer.WriteStartObject();
        writer.WriteNumber("score"u8, item.Score);
        writer.WriteNumber("samples"u8, item.Samples);
        writer.WriteNumber("intervals"u8, item.Intervals);
        writer.WriteEndObject();
    }
}
