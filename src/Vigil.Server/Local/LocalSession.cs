using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Gateway;
using Vigil.Mime.Spooling;

namespace Vigil.Server.Local;

/// <summary>
/// One local-socket connection: reads one request (bounded: lengths checked before anything is
/// read, every read under <see cref="LocalLimits.ReadTimeout"/>), runs the engine's entry point
/// for it and writes the reply. Garbage, a lying length or a stall ends the connection with a
/// logged warning (and, when the door may still read, a <see cref="LocalReplyStatus.BadRequest"/>
/// reply saying why); the listener serves on. A door that asks has its rows written by
/// <paramref name="rows"/>, the daemon's resident store writer, and is told so in the reply.
/// </summary>
internal sealed class LocalSession(MailGateway gateway, LocalPolicyIdentity identity, LocalLimits limits, ILocalRowStore rows, ILogger log, Stream input, Stream output, string name)
{
    private readonly TimedStream _input = new(input, limits.ReadTimeout, limits.WriteTimeout);
    private readonly TimedStream _output = new(output, limits.ReadTimeout, limits.WriteTimeout);

    public async Task RunAsync(CancellationToken cancellation)
    {
        try
        {
            await ServeAsync(cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            LocalLog.ProtocolError(log, name, e.Message);
        }
        catch (IOException e)
        {
            LocalLog.ProtocolError(log, name, "connection lost: " + e.Message);
        }
        catch (OperationCanceledException)
        {
            // The connection closed or the daemon stops: the door falls back to its own engine.
        }
        catch (Exception e)
        {
            LocalLog.InternalError(log, name, e);
        }
    }

    private async Task ServeAsync(CancellationToken cancellation)
    {
        var fixedPart = new byte[8];
        var got = await _input.ReadExactlyOrEndAsync(fixedPart, cancellation).ConfigureAwait(false);
        if (got == 0)
        {
            return;
        }

        if (got < 8)
        {
            LocalLog.ProtocolError(log, name, "the connection ended inside the frame header");
            return;
        }

        if (!fixedPart.AsSpan(0, 4).SequenceEqual(LocalProtocol.Magic))
        {
            await RefuseAsync("not the Vigil local protocol (no VGL1 magic)", cancellation).ConfigureAwait(false);
            return;
        }

        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(fixedPart.AsSpan(4));
        if (headerLength is 0 or > LocalProtocol.MaxHeaderBytes)
        {
            await RefuseAsync($"a header length of {headerLength} (1 to {LocalProtocol.MaxHeaderBytes})", cancellation).ConfigureAwait(false);
            return;
        }

        var header = new byte[headerLength + 8];
        if (await _input.ReadExactlyOrEndAsync(header, cancellation).ConfigureAwait(false) < header.Length)
        {
            LocalLog.ProtocolError(log, name, "the connection ended inside the request header");
            return;
        }

        if (LocalRequest.TryDecode(header.AsMemory(0, (int)headerLength), out var error) is not { } request)
        {
            await RefuseAsync(error!, cancellation).ConfigureAwait(false);
            return;
        }

        var messageLength = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan((int)headerLength));
        if (messageLength < 0 || messageLength > limits.MaxMessageBytes)
        {
            await RefuseAsync($"a message length of {messageLength} (0 to {limits.MaxMessageBytes})", cancellation).ConfigureAwait(false);
            return;
        }

        using var spool = gateway.NewSpool();
        if (!await ReadMessageAsync(spool, messageLength, cancellation).ConfigureAwait(false))
        {
            return;
        }

        if (!identity.Matches(request))
        {
            await ReplyAsync(LocalReply.NotAnswered(LocalReplyStatus.NotThisPolicy, "this daemon serves another control directory or other --clamd scanners"), cancellation).ConfigureAwait(false);
            return;
        }

        var reply = await JudgeAsync(request, spool, cancellation).ConfigureAwait(false);
        LocalLog.Answered(log, name, request.Envelope.Door, request.Envelope.Sender ?? "", request.Envelope.Recipients.Count, reply.Kind.ToString(), reply.Reason, RowsWord(reply));
        await ReplyAsync(reply, cancellation).ConfigureAwait(false);
    }

    private async Task<bool> ReadMessageAsync(SpooledMessage spool, long length, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        var left = length;
        while (left > 0)
        {
            var n = await _input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                LocalLog.ProtocolError(log, name, $"the connection ended {left} bytes before the end of the message");
                return false;
            }

            try
            {
                spool.Write(buffer.AsSpan(0, n));
            }
            catch (SpoolWriteException e)
            {
                // The door judges it itself (its own spool has it already).
                await ReplyAsync(LocalReply.NotAnswered(LocalReplyStatus.BadRequest, "the daemon cannot spool the message: " + e.Message), cancellation).ConfigureAwait(false);
                return false;
            }

            left -= n;
        }

        return true;
    }

    private async Task<LocalReply> JudgeAsync(LocalRequest request, SpooledMessage spool, CancellationToken cancellation)
    {
        var captured = new CapturedLog();
        var door = new DoorContext { Profiles = request.Profiles, DefaultLog = () => captured, Warnings = captured.Warnings };
        if (request.Kind == LocalRequestKind.Judge)
        {
            using var message = spool.OpenRead();
            using var judgement = await gateway.JudgeAsync(message, request.Envelope, door, cancellation).ConfigureAwait(false);
            return LocalReply.From(judgement) with { Warnings = captured.WarningText };
        }

        using var outcome = await gateway.ProcessAsync(spool, request.Envelope, door, cancellation).ConfigureAwait(false);
        var reply = LocalReply.From(outcome, gateway, request.Profiles, captured.Lines, captured.WarningText);
        if (request.Store is not { } ask)
        {
            return reply;
        }

        // Taken before the reply is sent: a door told "stored" has nothing left to write.
        var stored = outcome.Report is { } report && rows.TryTake(report, ask, gateway.Policy.Current.Options);
        return reply with { Stored = stored, Report = stored ? null : reply.Report };
    }

    /// <summary>Who writes the message's rows, for the log: the daemon, the door (it did not ask, or another store) or nobody (QHPSI, a fault).</summary>
    private static string RowsWord(LocalReply reply) => reply.Stored switch
    {
        true => "stored here",
        _ when reply.Report is null => "none",
        _ => "left to the door",
    };

    private async Task RefuseAsync(string problem, CancellationToken cancellation)
    {
        LocalLog.ProtocolError(log, name, problem);
        await ReplyAsync(LocalReply.NotAnswered(LocalReplyStatus.BadRequest, problem), cancellation).ConfigureAwait(false);
    }

    private async Task ReplyAsync(LocalReply reply, CancellationToken cancellation)
    {
        var body = reply.Encode();
        if (body.Length > LocalProtocol.MaxReplyBytes)
        {
            body = LocalReply.NotAnswered(LocalReplyStatus.BadRequest, $"the reply would be {body.Length} bytes").Encode();
        }

        var frame = new byte[8 + body.Length];
        LocalProtocol.Magic.CopyTo(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)body.Length);
        body.CopyTo(frame.AsSpan(8));
        await _output.WriteAsync(frame, cancellation).ConfigureAwait(false);
    }
}
