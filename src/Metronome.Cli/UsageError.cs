using System.CommandLine;
using System.CommandLine.Parsing;

namespace Metronome.Cli;

/// <summary>What is wrong with a command line that does not parse, in one line, and the usage line that follows it.</summary>
internal static class UsageError
{
    /// <summary>
    /// One line naming an unknown option before any verb, the unknown verb, or the absence of one, with the
    /// verbs a user may call (not the hidden ones); null when a verb was given.
    /// </summary>
    public static string? RootProblem(RootCommand root, IReadOnlyList<string> args)
    {
        string verbs = string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        string? first = args.Count > 0 ? args[0] : null;
        if (first is not null && first.StartsWith('-') && !root.Options.Any(o => o.Name == first || o.Aliases.Contains(first)))
            return UnknownOption(first);
        first = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (first is not null && root.Subcommands.All(c => c.Name != first && !c.Aliases.Contains(first)))
            return $"unknown command '{first}' (commands: {verbs})";
        return root.Subcommands.Any(c => args.Contains(c.Name)) ? null : $"no command given (commands: {verbs})";
    }

    /// <summary>
    /// The one line for a verb's command line: an unknown option first (whatever else it upsets follows from
    /// it), then an option's own error (a bad number) before a rule about the whole command it upsets.
    /// </summary>
    public static string CommandProblem(ParseResult parse)
    {
        // An unknown option is either left unmatched or, where the verb takes file arguments (report), taken for one.
        var arguments = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value);
        if (parse.UnmatchedTokens.Concat(arguments).FirstOrDefault(LooksLikeOption) is { } unknown)
            return UnknownOption(unknown);
        var error = parse.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult or ArgumentResult) ?? parse.Errors[0];
        return error.Message;
    }

    /// <summary>"metronome report RESULT.json... [options]": the verb with its arguments, as its usage line shows it.</summary>
    public static string Synopsis(Command command, string path)
    {
        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MaximumNumberOfValues > 1 ? $"{a.Name}..." : a.Name);
        return string.Join(" ", [path, .. arguments, "[options]"]);
    }

    /// <summary>-x or --xyz; not "-" (stdin) or a negative number.</summary>
    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && (token[1] == '-' || char.IsAsciiLetter(token[1]));

    private static string UnknownOption(string token) => $"unknown option '{token}'";
}
