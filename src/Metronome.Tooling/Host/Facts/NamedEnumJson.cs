using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>
/// Writes an enum as the one name its <see cref="Name"/> gives (docs/json.md) and reads it back, so each
/// identity's spelling lives in one switch (no second copy in attributes).
/// </summary>
internal abstract class NamedEnumJson<T> : JsonConverter<T> where T : struct, Enum
{
    protected abstract string Name(T value);

    /// <summary>The value a name an earlier metronome wrote stands for, so saved results still read back; null for none.</summary>
    protected virtual T? EarlierName(string? text) => null;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        foreach (var value in Enum.GetValues<T>())
            if (Name(value) == text) return value;
        return EarlierName(text) ?? throw new JsonException($"unknown {typeof(T).Name} '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));
}
