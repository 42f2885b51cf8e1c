using System.CommandLine;
using Metronome.Tooling.Load;

namespace Metronome.Cli.Commands;

/// <summary>`--load SPEC`, shared by test, compare and doctor: our own load, or a command, for the run.</summary>
internal static class LoadOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--load")
        {
            Description = "Run under load: 'cpu=2,memory=1,io=1,switch=1' starts metronome load; anything else ('stress-ng --cpu 2') is run as a command.",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } spec) return;
            try
            {
                LoadSpec.Parse(spec);
            }
            catch (FormatException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>Starts the load, or returns null with nothing to start; throws <see cref="LoadException"/>.</summary>
    public static LoadProcess? Start(string? spec) => spec is null ? null : LoadProcess.Start(LoadSpec.Parse(spec), SelfCommand.Get());
}
