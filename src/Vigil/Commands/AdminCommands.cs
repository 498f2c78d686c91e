using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Vigil.Commands;

/// <summary>
/// The admin verbs on System.CommandLine: generated help per verb (`vigil scan --help`),
/// "did you mean" for a mistyped verb or option, and completion through the `[suggest]`
/// directive. A new verb is one file with a <c>Definition()</c> and one line in <see cref="All"/>.
/// The qmail doors are not here (<see cref="CommandRouter"/>): their argument contracts are qmail's.
/// </summary>
internal static class AdminCommands
{
    private const string Description = """
        vigil - mail and virus control gateway

        The qmail doors (their arguments are qmail's, a usage error defers the mail):
          vigil queue [--control DIR]   QMAILQUEUE replacement: message on fd 0, envelope on fd 1, qmail-queue's exit codes.
          vigil deliver [--control DIR] [-u] [-c BASEDIR] [-v PREPEND|-v-] [-n]   dot-qmail filter: exit 0 deliver,
              99 filtered, 100 bounce, 111 retry (also on a usage error).
          vigil QUEUEFILE scan [ARGS]   QHPSI: the line goes to stderr, exit 1 refuses (554), 2 defers (454).
        The control directory comes from --control or VIGIL_CONTROL; without one, built-in defaults apply.
        """;

    /// <summary>Every admin verb, in the order help lists them.</summary>
    private static IEnumerable<Command> All() =>
    [
        ScanCommand.Definition(),
        InspectCommand.Definition(),
        ScannersCommand.Definition(),
        ConfigCheckCommand.Definition(),
        QuarantineCommand.Definition(),
        CleanupCommand.Definition(),
        StoreCommand.Definition(),
        TrackCommand.Definition(),
        BlocklistCommand.Definition(),
        ReportCommand.Definition(),
        InstallCommand.Definition(),
        TestInstallCommand.Definition(),
        ServeCommand.Definition(),
        WebCommand.Definition(),
        UserCommand.Definition(),
        VersionCommand(),
    ];

    /// <summary>The names of the verbs, for the QHPSI rewrite (a queue file is never named like one).</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "scan", "inspect", "scanners", "config", "quarantine", "cleanup", "store", "track", "blocklist", "report", "install", "test-install", "serve", "web", "user", "version", "help",
    };

    public static RootCommand Root()
    {
        var root = new RootCommand(Description);
        foreach (var command in All())
        {
            root.Add(command);
        }

        return root;
    }

    /// <summary>Runs <paramref name="args"/>; a usage error (System.CommandLine's or a verb's own) is exit 2, as clamdscan's.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Root().Parse(args);
        if (parse.Action is ParseErrorAction error)
        {
            // The errors and "did you mean", then a pointer to the help rather than all of it.
            // Each line says it is vigil's, as every other message of ours does.
            error.ShowHelp = false;
            using var said = new StringWriter();
            var stdout = Console.Out;
            Console.SetOut(said); // it also writes a bare newline to Console.Out itself
            await parse.InvokeAsync(new InvocationConfiguration { Error = said, Output = said });
            Console.SetOut(stdout);
            foreach (var line in said.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Console.Error.WriteLine($"vigil: {line}");
            }

            Console.Error.WriteLine($"Try `vigil {VerbPath(parse.CommandResult)}--help`.");
            return 2;
        }

        try
        {
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (parse.CommandResult.Command.Name == "serve")
            {
                // The daemon's host owns SIGTERM/SIGINT and drains within its own bound (--drain);
                // System.CommandLine's handler would end it with 143 after its 2 s instead.
                invocation.ProcessTerminationTimeout = null;
            }

            return await parse.InvokeAsync(invocation);
        }
        catch (UsageException e)
        {
            return CommandRouter.UsageError(e.Message);
        }
    }

    /// <summary>"quarantine show " for `vigil quarantine show`, "" for the root.</summary>
    private static string VerbPath(CommandResult result)
    {
        var path = "";
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as CommandResult)
        {
            path = r.Command.Name + " " + path;
        }

        return path;
    }

    private static Command VersionCommand()
    {
        var command = new Command("version", "Print the version.");
        command.SetAction(_ =>
        {
            Console.Out.WriteLine($"vigil {typeof(AdminCommands).Assembly.GetName().Version}");
            return 0;
        });
        return command;
    }
}
