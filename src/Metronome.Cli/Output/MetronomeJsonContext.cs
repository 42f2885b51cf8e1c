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
internal sealed partial class MetronomeJsonContext : JsonSerializerContext;
