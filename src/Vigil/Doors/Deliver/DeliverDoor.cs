using Vigil.Commands;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;

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
        var store = new DoorStore();
        var gateway = GatewayFactory.Create(options, store);
        if (gateway is null)
        {
            return DotQmailExit.TemporaryFailure;
        }

        var exit = await RunAsync(parsed, options, gateway);
        await store.CompleteAsync();
        return exit;
    }

    private static async Task<int> RunAsync(DeliverArguments parsed, CommonOptions options, MailGateway gateway)
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

        var log = new HeldLogWriter();
        var stderr = Console.Error;
        var door = GatewayFactory.Door(options, stderr) with { DefaultLog = () => log };
        GatewayOutcome outcome;
        using (var input = Console.OpenStandardInput())
        {
            outcome = await gateway.ProcessAsync(input, envelope, door);
        }

        using (outcome)
        {
            if (outcome.Detail.Length > 0)
            {
                stderr.WriteLine($"vigil deliver: {outcome.Detail}");
            }

            var exit = outcome.Kind switch
            {
                OutcomeKind.Deliver => DotQmailExit.Continue,
                OutcomeKind.Quarantined or OutcomeKind.Dropped => DotQmailExit.Filtered,
                OutcomeKind.Rejected => DotQmailExit.Bounce,
                _ => DotQmailExit.TemporaryFailure,
            };
            if (exit == DotQmailExit.Bounce)
            {
                // Only our own rule name: the finding's detail may quote the message.
                Console.Out.WriteLine($"Vigil refused this message ({outcome.Reason}).");
            }
            else
            {
                log.WriteTo(stderr);
            }

            return exit;
        }
    }
}
