using Vigil.Doors;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Policy;
using Vigil.Engine.Sanitizing;
using Vigil.Engine.Scanning;
using Vigil.Mime.Spooling;

namespace Vigil.Commands;

/// <summary>
/// `vigil deliver`: QMVC's dot-qmail filter (<c>|vigil deliver</c> in a .qmail file). The message
/// comes on stdin, the envelope from qmail-local's SENDER and RECIPIENT. Exit 0 lets qmail-local go
/// on delivering, 99 stops it (quarantined or dropped), 100 bounces (reject; the reason on stdout
/// is the bounce text) and 111 asks qmail-send to retry (defer, `error` verdicts, any fault, and a
/// usage error: a typo in a .qmail file must make qmail retry, never bounce the mail).
/// The message log line goes to stderr, which qmail-local joins to stdout and qmail-send logs with
/// the delivery; it is left out when the message bounces, as that output becomes the bounce text.
/// </summary>
public static class DeliverCommand
{
    private const int SpoolMemoryThreshold = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        DeliverArguments? parsed;
        CommonOptions options;
        try
        {
            parsed = DeliverArguments.Parse(args, Environment.GetEnvironmentVariable("HOME"), out var error);
            if (parsed is null)
            {
                throw new UsageException(error!);
            }

            options = CommonOptions.Parse([.. parsed.CommonArgs]);
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
        // Made only for a message too big for memory; removed with everything in it at the end.
        using var scratch = ScratchDirectory.InSystemTemp("vigil-deliver-");
        using var spool = new ContentSpool(scratch, SpoolMemoryThreshold);
        try
        {
            using var input = StandardStreams.Message();
            spool.WriteFrom(input);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"vigil deliver: cannot {(e is SpoolWriteException ? "spool" : "read")} the message: {e.Message}");
            return DotQmailExit.TemporaryFailure;
        }

        var scanner = EngineFactory.Create(options);
        if (scanner is null)
        {
            return DotQmailExit.TemporaryFailure;
        }
        // The scanner's own policy provider: one load, and the actions use the snapshot the scan used.
        var policy = scanner.Policy;

        var envelope = DeliveryEnvelope(parsed, policy.Current.Options, spool);

        using var message = spool.OpenRead();
        using var result = await scanner.ScanAsync(message, envelope);
        var log = new HeldLogWriter();
        using var stderr = new StandardErrorWriter();
        var executor = DispositionExecutor.Create(policy, () => log, stderr);
        var outcome = await executor.ExecuteAsync(result, envelope, spool);
        if (outcome.Detail.Length > 0)
        {
            stderr.WriteLine($"vigil deliver: {outcome.Detail}");
        }

        var exit = outcome.Outcome switch
        {
            DispositionOutcome.Deliver => DotQmailExit.Continue,
            DispositionOutcome.Quarantined or DispositionOutcome.Drop => DotQmailExit.Filtered,
            DispositionOutcome.Reject => DotQmailExit.Bounce,
            _ => DotQmailExit.TemporaryFailure,
        };
        if (exit == DotQmailExit.Bounce)
        {
            // Only our own rule name: the finding's detail may quote the message.
            Console.Out.WriteLine($"Vigil refused this message ({PrintableAscii.Of(outcome.Plan.Decider?.Rule ?? "policy", 120)}).");
        }
        else
        {
            log.WriteTo(stderr);
        }

        return exit;
    }

    /// <summary>
    /// The envelope from qmail-local's SENDER and RECIPIENT (with -v's prefix stripped), or from
    /// From:/To: under `evalheaderaddress=y` (an unusable header keeps the envelope's address);
    /// every qmail-local variable goes along for the command-API programs.
    /// </summary>
    private static Envelope DeliveryEnvelope(DeliverArguments parsed, Engine.Policy.Control.PolicyOptions options, ContentSpool spool)
    {
        var sender = Environment.GetEnvironmentVariable("SENDER");
        var recipient = Environment.GetEnvironmentVariable("RECIPIENT") is { Length: > 0 } r ? parsed.Recipient(r) : null;
        if (options.GetBool(HeaderAddresses.OptionKey, false))
        {
            using var message = spool.OpenRead();
            var (from, to) = HeaderAddresses.Read(message);
            sender = from ?? sender;
            recipient = to ?? recipient;
        }

        return new Envelope(sender, recipient is null ? [] : [recipient])
        {
            Door = "deliver",
            Variables = QmailLocalEnvironment.Variables(),
            SkipNoScanTypes = parsed.SkipNoScanTypes,
        };
    }
}
