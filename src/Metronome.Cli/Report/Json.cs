using System.Text.Json;

namespace Metronome.Cli.Report;

/// <summary>Tolerant reads of a saved result: a field that is missing or of another type is null, never an exception.</summary>
internal static class Json
{
    public static JsonElement? Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static JsonElement? Get(this JsonElement? e, string name) => e is { } v ? v.Get(name) : null;

    public static double? Num(this JsonElement e) => Num((JsonElement?)e);

    public static JsonElement? Path(this JsonElement e, params string[] names)
    {
        JsonElement? at = e;
        foreach (var n in names) at = at?.Get(n);
        return at;
    }

    public static string? Str(this JsonElement? e) => e is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static double? Num(this JsonElement? e) => e is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;

    public static long? Long(this JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Number } v ? (v.TryGetInt64(out long l) ? l : (long)v.GetDouble()) : null;

    public static bool? Bool(this JsonElement? e) => e?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static IEnumerable<JsonElement> Items(this JsonElement? e) =>
        e is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];
}
