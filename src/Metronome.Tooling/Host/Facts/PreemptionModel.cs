using System.Text.Json.Serialization;

namespace Metronome.Tooling.Host.Facts;

/// <summary>The kernel's preemption model (CONFIG_PREEMPT_*; a PREEMPT_DYNAMIC kernel's boot-time choice).</summary>
[JsonConverter(typeof(PreemptionModelNames.Json))]
internal enum PreemptionModel
{
    None,
    Voluntary,
    Full,
    Lazy,
    Rt,
}

internal static class PreemptionModelNames
{
    public static string Name(this PreemptionModel p) => p switch
    {
        PreemptionModel.None => "none",
        PreemptionModel.Voluntary => "voluntary",
        PreemptionModel.Full => "full",
        PreemptionModel.Lazy => "lazy",
        _ => "rt",
    };

    /// <summary>The model a word names ("full", "voluntary"...: preempt= and "Dynamic Preempt:"); null for anything else.</summary>
    public static PreemptionModel? Parse(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "none" => PreemptionModel.None,
        "voluntary" => PreemptionModel.Voluntary,
        "full" => PreemptionModel.Full,
        "lazy" => PreemptionModel.Lazy,
        _ => null,
    };

    public sealed class Json : NamedEnumJson<PreemptionModel>
    {
        protected override string Name(PreemptionModel value) => value.Name();
    }
}
