using Vigil.Commands;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Mime.Spooling;
using Vigil.Server.Local;

namespace Vigil.Doors.Deliver;

/// <summary>
/// `vigil deliver`: QMVC's dot-qmail filter (<c>|vigil deliver</c> in a .qmail file). The message
/// comes on stdin, the envelope from qmail-local's SENDER and RECIPIENT; the engine's gateway
/// judges it and carries out the verdict. Exit 0 lets qmail-local go on delivering, 99 stops it
/// (quarantined or dropped), 100 bounces (reject; the reason on stdout is the bounce text) and 111
/// asks qmail-send to retry (defer, `error` verdicts, any fault, and a usage error: a typo in a
/// .qmail file must make qmail retry, never bounce the mail).
/// The message log line goes to stderr, which qmail-local joins to stdout and qmail-send logs with
/// the delivery; it is left out when the message bounces, as that output becomes the bounce text.
/// With `vigil serve --socket` running, the daemon judges the message (<see cref="DoorSocket"/>);
/// when it does not answer, the door judges it in this process: the same exit either way.
/// </summary>
public static class DeliverDoor
{
    public static async Task<int> RunAsync(string[] args)
    {
        DeliverArguments? parsed;
        CommonOptions options;
        try
        {
            parsed = DeliverArguments.Parse(args, out var error);
            if (parsed is null)
            {
                throw new UsageException(error!);
            }

            options = CommonOptions.Parse([.. parsed.CommonArgs]);
            var warnings = new List<string>();
            options.Profiles.AddRange(DeliverProfiles.Resolve(parsed, Environment.GetEnvironmentVariable("HOME"), warnings));
            foreach (var warning in warnings)
            {
                Console.Error.WriteLine($"vigil deliver: {warning}");
            }
        }
        catch (UsageException e)
        {
            // Exit 2 would bounce the mail (qmail-local treats unknown codes as permanent).
            Console.Error.WriteLine($"vigil deliver: {e.Message}; deferring (fix the .qmail line)");
            return DotQmailExit.TemporaryFailure;
        }

        try
        {
            return await RunAsync(parsed, options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"vigil deliver: internal error, deferring: {e.GetType().Name}: {e.Message}");
            return DotQmailExit.TemporaryFailure;
        }
    }

    private static async Task<int> RunAsync(DeliverArguments parsed, CommonOptions options)
    {
        var sender = Environment.GetEnvironmentVariable("SENDER");
        var recipient = Environment.GetEnvironmentVariable("RECIPIENT") is { Length: > 0 } r
            ? parsed.Recipient(r, Environment.GetEnvironmentVariable("USER"))
            : null;
        var envelope = new Envelope(sender, recipient is null ? [] : [recipient])
        {
            Door = "deliver",
            Variables = QmailLocalEnvironment.Variables(),
            SkipNoScanTypes = parsed.SkipNoScanTypes,
        };

        var stderr = Console.Error;
        using var spool = SpooledMessage.Create();
        try
        {
            using var input = Console.OpenStandardInput();
            await spool.CopyFromAsync(input, CancellationToken.None);
        }
        catch (SpoolWriteException e)
        {
            stderr.WriteLine($"vigil deliver: cannot spool the message: {e.Message}");
            return DotQmailExit.TemporaryFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            stderr.WriteLine($"vigil deliver: cannot read the message: {e.Message}");
            return DotQmailExit.TemporaryFailure;
        }

        var log = new HeldLogWriter();
        var store = new DoorStore();
        var reply = await JudgeAsync(options, envelope, spool, store, log, stderr);
        if (reply is null)
        {
            return DotQmailExit.TemporaryFailure;
        }

        if (reply.Detail.Length > 0)
        {
            stderr.WriteLine($"vigil deliver: {reply.Detail}");
        }

        var exit = reply.Kind switch
        {
            OutcomeKind.Deliver => DotQmailExit.Continue,
            OutcomeKind.Quarantined or OutcomeKind.Dropped => DotQmailExit.Filtered,
            OutcomeKind.Rejected => DotQmailExit.Bounce,
            _ => DotQmailExit.TemporaryFailure,
        };
        if (exit == DotQmailExit.Bounce)
        {
            // Only our own rule name: the finding's detail may quote the message.
            Console.Out.WriteLine($"Vigil refused this message ({reply.Reason}).");
        }
        else
        {
            log.WriteTo(stderr);
        }

        await store.CompleteAsync();
        return exit;
    }

    /// <summary>
    /// The engine's outcome: from `vigil serve` when its local socket answers (its log lines held
    /// in <paramref name="log"/>, its report stored here), else from this process's own engine;
    /// null when that cannot be built (a bad control directory or profile, said on stderr).
    /// </summary>
    private static async Task<LocalReply?> JudgeAsync(CommonOptions options, Envelope envelope, SpooledMessage spool, DoorStore store, HeldLogWriter log, TextWriter stderr)
    {
        if (DoorSocket.Resolve(options) is { } socket)
        {
            // A note about the fallback is held with the log line: a bounce carries nothing but our refusal.
            var notes = new StringWriter();
            var remote = await DoorSocket.AskAsync(socket, LocalRequestKind.Process, options, envelope, spool, notes, "vigil deliver");
            foreach (var note in notes.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                log.Write(note);
            }

            if (remote is not null)
            {
                return DoorSocket.Adopt(remote, stderr, line => log.Write(line), store);
            }
        }

        return await DoorSocket.JudgeHereAsync(options, envelope, spool, store, stderr, () => log);
    }
}
