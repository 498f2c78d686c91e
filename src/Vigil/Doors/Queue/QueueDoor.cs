using Microsoft.Win32.SafeHandles;
using Vigil.Commands;
using Vigil.Engine.Dispositions;
using Vigil.Engine.Dispositions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Engine.Judging;
using Vigil.Mime.Spooling;
using Vigil.Server.Local;

namespace Vigil.Doors.Queue;

/// <summary>
/// `vigil queue`: a QMAILQUEUE replacement. Reads the message on fd 0 and then the envelope on fd 1
/// (that order: qmail-smtpd writes them in it, and reading the envelope first could block it),
/// hands both to the engine's gateway and answers with qmail-queue(8)'s exit codes: mail to
/// deliver goes byte for byte to the real qmail-queue, whose code is returned; quarantined or
/// dropped mail 0; rejected 31; deferred, `error` verdicts and any fault 71; an unreadable message
/// or envelope 54; a message too big for memory that cannot be spooled to disk 53; a bad control
/// directory 55; a malformed envelope 91.
/// A refusal may instead be notqmail's custom error: our text on fd 6 and exit 82 (`customerror=`).
/// Nothing is ever written to fd 1: here it is the envelope's input.
/// With `vigil serve --socket` running, the daemon judges the message (<see cref="DoorSocket"/>)
/// and the door still hands it to qmail-queue itself; when the daemon does not answer, the door
/// judges it in this process: the same outcome either way.
/// </summary>
public static class QueueDoor
{
    public static async Task<int> RunAsync(string[] args)
    {
        CommonOptions options;
        try
        {
            options = CommonOptions.Parse(args);
            if (options.Paths.Count > 0)
            {
                throw new UsageException("queue takes no PATH: the message is read on fd 0 and the envelope on fd 1");
            }
        }
        catch (UsageException e)
        {
            // A wrong qmail set-up must never bounce mail: qmail-smtpd answers 451 and the sender retries.
            Console.Error.WriteLine($"vigil queue: {e.Message}; deferring");
            return QmailQueueExit.TemporaryRefusal;
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
        using var spool = SpooledMessage.Create();
        byte[]? envelopeBytes;
        try
        {
            using (var input = Console.OpenStandardInput())
            {
                await spool.CopyFromAsync(input, CancellationToken.None);
            }

            // fd 1 is read, not written, under the qmail-queue protocol: Console only writes it.
            using var fd1 = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Read, 1);
            envelopeBytes = QmailEnvelope.ReadBounded(fd1);
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

        var envelope = new Envelope(parsed.Sender, parsed.Recipients)
        {
            ClientIp = TcpServerEnvironment.ClientIp,
            ClientName = TcpServerEnvironment.ClientName,
            RelayClient = TcpServerEnvironment.IsRelayClient,
            Variables = TcpServerEnvironment.Variables(),
            Door = "queue",
        };

        var stderr = Console.Error;
        var store = new DoorStore();
        var reply = await JudgeAsync(options, envelope, spool, store, stderr);
        if (reply is null)
        {
            return QmailQueueExit.ConfigError;
        }

        if (reply.Detail.Length > 0)
        {
            stderr.WriteLine($"vigil queue: {reply.Detail}");
        }

        var policyOptions = reply.PolicyOptions;
        var exit = reply.Kind switch
        {
            OutcomeKind.Deliver => QmailQueueRunner.Run(QmailQueueLocation.Resolve(policyOptions), spool.Content, parsed.Bytes, reply.AddedHeaders),
            OutcomeKind.Quarantined or OutcomeKind.Dropped => QmailQueueExit.Accepted,
            OutcomeKind.Rejected => Refuse(reply, policyOptions, QmailQueueExit.PermanentRefusal),
            _ when reply.Fault == GatewayFault.Configuration => QmailQueueExit.ConfigError,
            _ => Refuse(reply, policyOptions, QmailQueueExit.TemporaryRefusal),
        };

        // After the hand-off: the store's rows were being written while qmail-queue ran.
        await store.CompleteAsync();
        return exit;
    }

    /// <summary>
    /// The engine's outcome: from `vigil serve` when its local socket answers (its log lines and
    /// warnings written here, its report stored here), else from this process's own engine;
    /// null when that cannot be built (a bad control directory, said on stderr).
    /// </summary>
    private static async Task<LocalReply?> JudgeAsync(CommonOptions options, Envelope envelope, SpooledMessage spool, DoorStore store, TextWriter stderr)
    {
        if (DoorSocket.Resolve(options) is { } socket
            && await DoorSocket.AskAsync(socket, LocalRequestKind.Process, options, envelope, spool, stderr, "vigil queue") is { } remote)
        {
            // By default the log line goes to stderr, which qmail-smtpd's multilog records.
            return DoorSocket.Adopt(remote, stderr, stderr.WriteLine, store);
        }

        return await DoorSocket.JudgeHereAsync(options, envelope, spool, store, stderr, () => new StdoutMessageLogWriter(Console.OpenStandardError()));
    }

    /// <summary>
    /// A refusal: notqmail's custom error (our text on fd 6, exit 82) when `customerror=` allows it
    /// and the text could be written, else <paramref name="plainExit"/>.
    /// </summary>
    private static int Refuse(LocalReply reply, Engine.Policy.Control.PolicyOptions options, int plainExit)
    {
        var mode = QmailQueueCustomError.Mode(options);
        var use = mode == CustomErrorMode.Auto ? QmailQueueCustomError.CallerReadsDescriptor6()
            : mode == CustomErrorMode.Yes && QmailQueueCustomError.MayWriteDescriptor6();
        return use && reply.Refusal is { } refusal && QmailQueueCustomError.TryWrite(QmailQueueCustomError.Text(refusal))
            ? QmailQueueExit.CustomError
            : plainExit;
    }
}
