using System.CommandLine;

namespace Metronome.Cli;

/// <summary>What is wrong when no verb was found: an unknown one, or none at all.</summary>
internal static class UsageError
{
    /// <summary>One line naming the unknown verb (or its absence) and the verbs there are; null when a verb was given.</summary>
    public static string? RootProblem(RootCommand root, IReadOnlyList<string> args)
    {
        string verbs = string.Join(", ", root.Subcommands.Select(c => c.Name));
        string? first = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (first is not null && root.Subcommands.All(c => c.Name != first && !c.Aliases.Contains(first)))
            return $"unknown command '{first}' (commands: {verbs})";
        return root.Subcommands.Any(c => args.Contains(c.Name)) ? null : $"no command given (commands: {verbs})";
    }
}
