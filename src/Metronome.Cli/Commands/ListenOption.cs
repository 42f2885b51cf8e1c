using System.CommandLine;
using System.Net;
using Metronome.Tooling.Monitoring;

namespace Metronome.Cli.Commands;

/// <summary>An ADDR:PORT option for a metrics endpoint ('off' for none), validated at parse time: a bad one is exit 2.</summary>
internal static class ListenOption
{
    public static Option<string?> Create(string name, string description, string? defaultValue)
    {
        var option = new Option<string?>(name) { Description = description };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && value != "off" && !MetricsEndpoint.TryParse(value, out _, out string error))
                result.AddError($"{name}: {error}");
        });
        return option;
    }

    /// <summary>The validated end point, or null for 'off' or no value.</summary>
    public static IPEndPoint? Read(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } text && text != "off" && MetricsEndpoint.TryParse(text, out var endPoint, out _) ? endPoint : null;
}
