using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LiveFacts))]
internal sealed partial class LiveFactsJsonContext : JsonSerializerContext;
