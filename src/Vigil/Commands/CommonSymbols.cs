using System.CommandLine;

namespace Vigil.Commands;

/// <summary>
/// The System.CommandLine options most admin verbs share, each verb taking the ones it uses, read
/// back into <see cref="CommonOptions"/> so that the verbs and the doors run on the same options.
/// </summary>
internal sealed class CommonSymbols
{
    public Option<string> Control { get; } = new("--control", "-c")
    {
        Description = "The control directory (default: $VIGIL_CONTROL, else built-in defaults)",
        HelpName = "DIR",
    };

    public Option<string[]> Profiles { get; } = new("--profile")
    {
        Description = "A user's or domain's directory laid over the control directory file by file (repeatable)",
        HelpName = "DIR",
    };

    public Option<string[]> Clamd { get; } = new("--clamd")
    {
        Description = "Also send every message to this clamd: unix:/path or tcp:host:port (repeatable)",
        HelpName = "ADDR",
    };

    public Option<string> Sender { get; } = new("--sender")
    {
        Description = "The envelope sender ('' for the null sender <>)",
        HelpName = "ADDR",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "One JSON object per message and line" };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Also name clean parts and what was read" };

    public Argument<string[]> Paths { get; } = new("PATH")
    {
        Description = "Message files, directories or Maildirs of messages, mbox files, or - for standard input",
        Arity = ArgumentArity.OneOrMore,
    };

    public CommonSymbols()
    {
        // System.CommandLine hands an unknown option to the argument; here it is a usage error, as
        // before (a file whose name starts with '-' is given as ./-name).
        Paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unknown option \"{token.Value}\"");
                    return;
                }
            }
        });
    }

    /// <summary>Adds <paramref name="symbols"/> (some of this object's) to <paramref name="command"/>.</summary>
    public Command AddTo(Command command, params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Add(option);
                    break;
                case Argument argument:
                    command.Add(argument);
                    break;
            }
        }

        return command;
    }

    /// <summary>The values given (those of symbols not added to the command stay at their defaults).</summary>
    public CommonOptions Read(ParseResult parse)
    {
        var o = CommonOptions.FromEnvironment();
        if (parse.GetResult(Control) is not null && parse.GetValue(Control) is { } control)
        {
            o.ControlDirectory = control;
        }

        if (parse.GetResult(Profiles) is not null)
        {
            o.Profiles.AddRange(parse.GetValue(Profiles) ?? []);
        }

        if (parse.GetResult(Clamd) is not null)
        {
            o.ClamdAddresses.AddRange(parse.GetValue(Clamd) ?? []);
        }

        if (parse.GetResult(Paths) is not null)
        {
            o.Paths.AddRange(parse.GetValue(Paths) ?? []);
        }

        o.Sender = parse.GetResult(Sender) is null ? null : parse.GetValue(Sender);
        o.Json = parse.GetResult(Json) is not null && parse.GetValue(Json);
        o.Verbose = parse.GetResult(Verbose) is not null && parse.GetValue(Verbose);
        return o;
    }
}
