using Vigil.Doors;
using Vigil.Engine.Dispositions;
using Vigil.Engine.Dispositions.Actions;
using Vigil.Engine.Dispositions.Execution;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Policy;
using Vigil.Engine.Scanning;
using Vigil.Mime.Spooling;

namespace Vigil.Commands;

/// <summary>
/// `vigil queue`: a QMAILQUEUE replacement. Reads the message on fd 0 and then the envelope on fd 1
/// (that order: qmail-smtpd writes them in it, and reading the envelope first could block it),
/// spools the message once, scans it, carries out the verdict and answers with qmail-queue(8)'s
/// exit codes: clean mail goes byte for byte to the real qmail-queue, whose code is returned;
/// quarantined or dropped mail 0; rejected 31; deferred, `error` verdicts and any fault 71;
/// an unreadable message or envelope 54; a message too big for memory that cannot be spooled to
/// disk 53; a bad control directory 55; a malformed envelope 91.
/// A refusal may instead be notqmail's custom error: our text on fd 6 and exit 82 (`customerror=`).
/// Nothing is ever written to fd 1: here it is the envelope's input.
/// </summary>
public static class QueueCommand
{
    private const int SpoolMemoryThreshold = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = CommonOptions.Parse(args);
        if (options.Paths.Count > 0)
        {
            throw new UsageException("queue takes no PATH: the message is read on fd 0 and the envelope on fd 1");
        }

        try
        {
            return await RunAsync(options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Fail closed: whatever went wrong, qmail-smtpd answers 4xx and the sender retries.
            Console.Error.WriteLine($"vigil queue: internal error, deferring: {e.GetType().Name}: {e.Message}");
            return QmailQueueExit.TemporaryRefusal;
        }
    }

    private static async Task<int> RunAsync(CommonOptions options)
    {
        // Made only for a message too big for memory; removed with everything in it at the end.
        using var scratch = ScratchDirectory.InSystemTemp("vigil-queue-");
        using var spool = new ContentSpool(scratch, SpoolMemoryThreshold);
        byte[]? envelopeBytes;
        try
        {
            using (var input = StandardStreams.Message())
            {
                spool.WriteFrom(input);
            }

            using var fd1 = StandardStreams.Envelope();
            envelopeBytes = StandardStreams.ReadAll(fd1, QmailEnvelope.MaxBytes);
        }
        catch (SpoolWriteException e)
        {
            Console.Error.WriteLine($"vigil queue: cannot spool the message: {e.Message}");
            return QmailQueueExit.WriteError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Console.Error.WriteLine($"vigil queue: cannot read the message or envelope: {e.Message}");
            return QmailQueueExit.ReadError;
        }

        if (envelopeBytes is null || QmailEnvelope.TryParse(envelopeBytes) is not { } parsed)
        {
            Console.Error.WriteLine("vigil queue: envelope format error");
            return QmailQueueExit.EnvelopeFormatError;
        }

        var scanner = EngineFactory.Create(options);
        if (scanner is not null && TcpServerEnvironment.RelayClientProfile(scanner.Policy.Current.Options) is { } relayProfile)
        {
            // A relay client (tcpserver set RELAYCLIENT): the admin's profile for relayed mail.
            options.Profiles.Add(relayProfile);
            scanner = EngineFactory.Create(options);
        }

        if (scanner is null)
        {
            return QmailQueueExit.ConfigError;
        }
        // The scanner's own policy provider: one load, and the actions use the snapshot the scan used.
        var policy = scanner.Policy;

        var policyOptions = policy.Current.Options;
        var envelope = new Envelope(parsed.Sender, parsed.Recipients)
        {
            ClientIp = TcpServerEnvironment.ClientIp,
            RelayClient = TcpServerEnvironment.IsRelayClient,
            Variables = TcpServerEnvironment.Variables(),
            Door = "queue",
        };

        using var message = spool.OpenRead();
        using var result = await scanner.ScanAsync(message, envelope);
        using var stderr = new StandardErrorWriter();
        foreach (var invalid in ActionOptions.Validate(policyOptions))
        {
            stderr.WriteLine($"vigil queue: {invalid}");
        }

        // By default the log line goes to stderr, which qmail-smtpd's multilog records.
        var executor = DispositionExecutor.Create(policy, () => new StdoutMessageLogWriter(StandardStreams.Error()), stderr);
        var outcome = await executor.ExecuteAsync(result, envelope, spool);
        if (outcome.Detail.Length > 0)
        {
            stderr.WriteLine($"vigil queue: {outcome.Detail}");
        }

        return outcome.Outcome switch
        {
            DispositionOutcome.Deliver => QmailQueueRunner.Run(QmailQueueLocation.Resolve(policyOptions), spool, parsed.Bytes, outcome.AddedHeaders),
            DispositionOutcome.Quarantined or DispositionOutcome.Drop => QmailQueueExit.Accepted,
            DispositionOutcome.Reject => Refuse(outcome, policyOptions, QmailQueueExit.PermanentRefusal),
            _ => Refuse(outcome, policyOptions, QmailQueueExit.TemporaryRefusal),
        };
    }

    /// <summary>
    /// A refusal: notqmail's custom error (our text on fd 6, exit 82) when `customerror=` allows it
    /// and the text could be written, else <paramref name="plainExit"/>.
    /// </summary>
    private static int Refuse(DispositionResult outcome, Engine.Policy.Control.PolicyOptions options, int plainExit)
    {
        var mode = QmailQueueCustomError.Mode(options);
        var use = mode == CustomErrorMode.Auto ? QmailQueueCustomError.CallerReadsDescriptor6()
            : mode == CustomErrorMode.Yes && QmailQueueCustomError.MayWriteDescriptor6();
        return use && QmailQueueCustomError.Text(outcome) is { } text && QmailQueueCustomError.TryWrite(text)
            ? QmailQueueExit.CustomError
            : plainExit;
    }
}
