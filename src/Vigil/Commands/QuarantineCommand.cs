using System.CommandLine;
using System.Globalization;
using Vigil.Engine.Dispositions.Quarantine;
using Vigil.Engine.Policy;
using Vigil.Engine.Policy.Control;
using Vigil.Store.Location;
using Vigil.Store.Quarantine;

namespace Vigil.Commands;

/// <summary>
/// `vigil quarantine list|show ID|release ID|delete ID|settle ID released|waiting [--quarantine DIR] [--control DIR] [--sendmail PROGRAM]`.
/// The root is --quarantine, else `options` quarantine=, else /var/spool/vigil/quarantine; a
/// release goes through --sendmail, else `options` reinject=, else /usr/sbin/sendmail; either may
/// also be `smtp:host[:port]`.
/// Exit 0 on success, 1 when the message is not there or the release failed, 2 on usage errors.
/// </summary>
public static class QuarantineCommand
{
    public static Command Definition()
    {
        var command = new Command("quarantine", "List, show, release or delete quarantined messages (quarantine= and reinject= in options).");
        command.Add(Sub("list", "One line per message: id, folder, time, verdict, state, sender, recipients, subject.", withId: false, (service, _, _, _) => Task.FromResult(List(service.Local))));
        command.Add(Sub("show", "Write the stored message to standard output.", withId: true, (service, _, id, _) => Task.FromResult(Show(service.Local, id!))));
        command.Add(Sub("delete", "Delete the stored message (with a PostgreSQL store, any node's).", withId: true, (service, _, id, _) => Task.FromResult(Delete(service, id!))));
        command.Add(Sub("release", "Send the message on to its recipients (through --sendmail, reinject= or /usr/sbin/sendmail; also smtp:host[:port]); with a PostgreSQL store, any node's.", withId: true, (service, _, id, release) => ReleaseAsync(service, id!, release)));
        command.Add(Sub("settle", "Settle a release whose end is unknown (state 'releasing', PostgreSQL store): 'released' when it arrived after all, 'waiting' when it did not (it may be released again). Check the mailbox first.", withId: true, (service, location, id, state) => SettleAsync(service, location, id!, state)));
        return command;
    }

    /// <summary>One sub-verb: its options, and the store it acts on once the control directory and quarantine are found.</summary>
    private static Command Sub(string name, string description, bool withId, Func<ReleaseService, StoreLocation?, string?, string, Task<int>> act)
    {
        var target = new QuarantineTarget();
        var command = target.AddTo(new Command(name, description));
        var id = new Argument<string>("ID") { Description = "The message's id, as `vigil quarantine list` prints it" };
        var sendmail = new Option<string>("--sendmail") { Description = "The program (or smtp:host[:port]) a release goes through", HelpName = "PROG" };
        var state = new Argument<string>("STATE") { Description = "released (it was delivered after all) or waiting (it was not)" };
        state.AcceptOnlyFromAmong(SharedEntry.Released, SharedEntry.Waiting);
        if (withId)
        {
            command.Add(id);
        }

        if (name == "release")
        {
            command.Add(sendmail);
        }

        if (name == "settle")
        {
            command.Add(state);
        }

        command.SetAction(async (parse, _) =>
        {
            var chosen = target.Read(parse);
            if (chosen.ResolveOptions() is not { } options)
            {
                return 1;
            }

            var root = chosen.Quarantine ?? QuarantineOptions.Root(options);
            var location = StoreTarget.Resolve(options, null, quiet: true);
            if (!Directory.Exists(root) && !(location is { IsPostgres: true } && name is "release" or "delete" or "settle"))
            {
                Console.Error.WriteLine($"vigil: quarantine {root}: No such directory");
                return 1;
            }

            // The third value each verb gets: a release's path, or the state a settle sets.
            var release = name == "settle" ? parse.GetValue(state)! : (name == "release" ? parse.GetValue(sendmail) : null) ?? QuarantineOptions.Reinject(options);
            // With a PostgreSQL store the release and delete go through the shared quarantine (every
            // node's messages, one row lock), which also sets the store's rows (or, when the database
            // went away after a delivery, the sync does from the state left in .pending/).
            QuarantineLimits.TryGetMaxBytes(options, out var max, out string? _);
            var service = new ReleaseService(new QuarantineStore(root), location, NodeName.Current, max);
            var code = await act(service, location, withId ? parse.GetValue(id) : null, release);
            if (code == 0 && name is "release" or "delete" && !service.IsShared)
            {
                // The store's rows of the message say what became of it (vigil track, reports).
                StoreTarget.RecordQuarantineState(options, parse.GetValue(id)!, name == "release" ? "released" : "deleted");
            }

            return code;
        });
        return command;
    }

    private static int List(QuarantineStore store)
    {
        var output = Console.Out;
        foreach (var r in store.List())
        {
            var status = r.Released ? "released" : r.Flags.Contains('S', StringComparison.Ordinal) ? "read" : "new";
            var sender = r.Sender is null ? "" : r.Sender.Length == 0 ? "<>" : r.Sender;
            output.Write(string.Join(
                '\t',
                r.Id,
                r.Folder,
                r.Stored.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.Verdict,
                status,
                HeaderValueSanitizer.Sanitize(sender),
                HeaderValueSanitizer.Sanitize(string.Join(',', r.Recipients)),
                r.Subject));
            output.Write('\n');
        }

        return 0;
    }

    private static int Show(QuarantineStore store, string id)
    {
        using var stream = store.Open(id);
        if (stream is null)
        {
            return NotFound(id);
        }

        using var stdout = Console.OpenStandardOutput();
        stream.CopyTo(stdout);
        return 0;
    }

    private static int Delete(ReleaseService service, string id)
    {
        var result = service.Delete(id);
        if (!result.Deleted)
        {
            Console.Error.WriteLine($"vigil: {id}: {result.Detail}");
            return 1;
        }

        Console.Out.Write($"{id}: deleted\n");
        if (result.Detail != DeleteResult.Done.Detail)
        {
            Console.Error.WriteLine($"vigil: {id}: {result.Detail}");
        }
        return 0;
    }

    private static async Task<int> ReleaseAsync(ReleaseService service, string id, string path)
    {
        if (QuarantineOptions.Reinjector(path, out var error) is not { } reinjector)
        {
            Console.Error.WriteLine($"vigil: {error}");
            return 2;
        }

        var result = await service.ReleaseAsync(id, reinjector, null);
        if (result.Outcome == ReleaseOutcome.Requested)
        {
            // Another node holds the only copy: it sends the message at its next sync.
            Console.Out.Write(result.Detail + "\n");
            return 0;
        }

        if (result.Outcome != ReleaseOutcome.Released)
        {
            Console.Error.WriteLine($"vigil: {(result.Outcome == ReleaseOutcome.Failed ? $"{id}: release failed: " : "")}{result.Detail}");
            return 1;
        }

        Console.Out.Write($"{id}: released to {string.Join(", ", result.Record!.Recipients)}\n");
        if (result.Detail.Length > 0)
        {
            Console.Error.WriteLine($"vigil: {result.Detail}");
        }

        return 0;
    }

    private static async Task<int> SettleAsync(ReleaseService service, StoreLocation? location, string id, string state)
    {
        var result = await StuckRelease.SettleAsync(service, id, state);
        if (location is { IsPostgres: true } && MaildirName.IsValidId(id))
        {
            Record(location, id, state, result);
        }

        if (!result.Settled)
        {
            Console.Error.WriteLine($"vigil: {result.Detail}");
            return 1;
        }

        Console.Out.Write(result.Detail + "\n");
        return 0;
    }

    /// <summary>Who settled it (the Unix user), in the dashboard's action log beside its own actions: the message's history there.</summary>
    private static void Record(StoreLocation location, string id, string state, SettleResult result)
    {
        try
        {
            new Vigil.Web.Quarantine.ActionLog(new Vigil.Web.Users.DashboardDatabase(location))
                .Record(Environment.UserName, StuckRelease.ActionName(state), id, result.Settled ? "done" : "refused", $"{result.Detail} [vigil quarantine on {NodeName.Current}]", null);
        }
        catch (System.Data.Common.DbException e)
        {
            Console.Error.WriteLine($"vigil: {id}: not recorded in the action log: {e.Message}");
        }
    }

    private static int NotFound(string id)
    {
        Console.Error.WriteLine($"vigil: {id}: no such quarantined message");
        return 1;
    }

    /// <summary>The options of `vigil quarantine` and `vigil cleanup`: which control directory and quarantine.</summary>
    internal sealed class QuarantineTarget
    {
        private readonly Option<string> _control = new("--control", "-c") { Description = "The control directory (default: $VIGIL_CONTROL)", HelpName = "DIR" };
        private readonly Option<string> _quarantine = new("--quarantine", "-q") { Description = "The quarantine (default: quarantine= in options, else /var/spool/vigil/quarantine)", HelpName = "DIR" };

        public string? ControlDirectory { get; private set; } = CommandLine.ControlFromEnvironment;

        public string? Quarantine { get; private set; }

        public Command AddTo(Command command)
        {
            command.Add(_control);
            command.Add(_quarantine);
            return command;
        }

        /// <summary>This target with the values given on the command line.</summary>
        public QuarantineTarget Read(ParseResult parse) => new()
        {
            ControlDirectory = parse.GetValue(_control) ?? CommandLine.ControlFromEnvironment,
            Quarantine = parse.GetValue(_quarantine),
        };

        /// <summary>The `options` of the control directory (built-in defaults without one); null (reason on stderr) when the directory is missing.</summary>
        public PolicyOptions? ResolveOptions() => CommandLine.ControlOptions(ControlDirectory);
    }
}
