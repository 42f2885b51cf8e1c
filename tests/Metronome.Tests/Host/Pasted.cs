using Metronome.Tooling.Host;

namespace Metronome.Tests.Host;

/// <summary>Pasted evidence for a test: files of text, read as `doctor --from` reads them.</summary>
internal static class Pasted
{
    public static HostInspection Inspect(params (string Name, string Text)[] files) => HostInspector.InspectPasted(PastedEvidence.Read(files));

    public static HostInspection Inspect(string text) => Inspect(("paste.txt", text));

    /// <summary>The stated facts by name: value, and the rule when derived.</summary>
    public static IReadOnlyDictionary<string, StatedFact> Facts(HostInspection inspection) =>
        FactSheet.From(inspection).ToDictionary(f => Metronome.Tooling.Host.Facts.FactKeys.Name(f.Name));
}
