using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Metronome.Tooling.Measuring;

namespace Metronome.Cli.Output;

/// <summary>
/// Lists of numbers written on one line inside the otherwise indented documents: a run's time series and
/// histogram have tens of thousands of numbers, and one per indented line would triple a 24-hour result.
/// They read back from any layout.
/// </summary>
internal abstract class CompactList<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadItem(ref reader));
        return list;
    }

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

    /// <summary>Reads the item at the reader's current token (its first, for an array or object).</summary>
    protected abstract T ReadItem(ref Utf8JsonReader reader);

    protected abstract void WriteItem(Utf8JsonWriter writer, T item);

    protected static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token) throw new JsonException($"expected {token}, found {reader.TokenType}");
    }
}

internal sealed class CompactLongs : CompactList<long>
{
    protected override long ReadItem(ref Utf8JsonReader reader) => reader.GetInt64();

    protected override void WriteItem(Utf8JsonWriter writer, long item) => writer.WriteNumberValue(item);
}

internal sealed class CompactNullableLongs : CompactList<long?>
{
    protected override long? ReadItem(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();

    protected override void WriteItem(Utf8JsonWriter writer, long? item)
    {
        if (item is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }
}

internal sealed class CompactDoubles : CompactList<double>
{
    protected override double ReadItem(ref Utf8JsonReader reader) => reader.GetDouble();

    protected override void WriteItem(Utf8JsonWriter writer, double item) => writer.WriteNumberValue(item);
}

internal sealed class CompactNullableDoubles : CompactList<double?>
{
    protected override double? ReadItem(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

    protected override void WriteItem(Utf8JsonWriter writer, double? item)
    {
        if (item is { } v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }
}

/// <summary>The histogram's [bin, count] pairs.</summary>
internal sealed class CompactLongTuples : CompactList<long[]>
{
    protected override long[] ReadItem(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var values = new List<long>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values.Add(reader.GetInt64());
        return [.. values];
    }

    protected override void WriteItem(Utf8JsonWriter writer, long[] item)
    {
        writer.WriteStartArray();
        foreach (long v in item) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}

/// <summary>The passes, one compact object each: a day has 84,000 of them.</summary>
internal sealed class CompactPasses : CompactList<PassResult>
{
    protected override PassResult ReadItem(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        double score = 0, intervals = 0;
        int samples = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            Expect(ref reader, JsonTokenType.PropertyName);
            bool isScore = reader.ValueTextEquals("score"u8), isSamples = reader.ValueTextEquals("samples"u8), isIntervals = reader.ValueTextEquals("intervals"u8);
            reader.Read();
            if (isScore) score = reader.GetDouble();
            else if (isSamples) samples = reader.GetInt32();
            else if (isIntervals) intervals = reader.GetDouble();
            else reader.Skip();
        }
        return new PassResult(score, samples, intervals);
    }

    protected override void WriteItem(Utf8JsonWriter writer, PassResult item)
    {
        writer.WriteStartObject();
        writer.WriteNumber("score"u8, item.Score);
        writer.WriteNumber("samples"u8, item.Samples);
        writer.WriteNumber("intervals"u8, item.Intervals);
        writer.WriteEndObject();
    }
}
