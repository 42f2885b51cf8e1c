using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metronome.Cli.Output;

/// <summary>Source-generated serialisation: no reflection, NativeAOT-clean.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(CompactLongs), typeof(CompactNullableLongs), typeof(CompactDoubles), typeof(CompactNullableDoubles), typeof(CompactLongTuples), typeof(CompactPasses)])]
[JsonSerializable(typeof(TestResultDocument))]
[JsonSerializable(typeof(SourceListDocument))]
[JsonSerializable(typeof(DoctorDocument))]
[JsonSerializable(typeof(ComparisonDocument))]
[JsonSerializable(typeof(ChannelLoadDocument))]
internal sealed partial class MetronomeJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Default's settings, but text written as it is: the default encoder escapes &lt; &gt; ' + &amp; as
    /// \uXXXX for HTML pages, which these documents are not. Every verb writes its JSON with this one.
    /// </summary>
    public static MetronomeJsonContext Plain => s_plain.Value;

    // Lazy: static initialisers in two halves of a partial class run in no set order, and this one needs Default's.
    private static readonly Lazy<MetronomeJsonContext> s_plain =
        new(() => new MetronomeJsonContext(new JsonSerializerOptions(Default!.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
}
