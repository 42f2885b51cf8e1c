using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Output;
using Metronome.Timing.Sources;

namespace Metronome.Cli.Commands;

/// <summary>`metronome sources`: every tick source, whether it opens here, and why not.</summary>
internal static class SourcesCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "Write the list as JSON to stdout." };
        var command = new Command("sources", "List the tick sources, whether each opens on this host, and why not.") { json };
        command.SetAction(parse =>
        {
            var rows = TickSourceRegistry.Describe(new TickSourceOptions());
            if (parse.GetValue(json))
            {
                var doc = new SourceListDocument(rows.Select(r => new SourceDocument(r.Kind, r.Description, r.Available, r.Reason)).ToArray());
                stdout.WriteLine(JsonSerializer.Serialize(doc, MetronomeJsonContext.Plain.SourceListDocument));
                return MetronomeCli.Success;
            }
            int width = rows.Max(r => r.Kind.Name().Length) + 2;
            stdout.WriteLine($"{"SOURCE".PadRight(width)}{"STATUS",-13}DESCRIPTION");
            foreach (var r in rows)
            {
                string status = r.Available ? "available" : "unavailable";
                string text = r.Available ? r.Description : $"{r.Description} -- {r.Reason}";
                stdout.WriteLine($"{r.Kind.Name().PadRight(width)}{status,-13}{text}");
            }
            return MetronomeCli.Success;
        });
        return command;
    }
}
