using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Server.Logging;
using Vigil.Server.Relay;

namespace Vigil.Server.Smtp;

/// <summary>
/// The I/O of one SMTP session over the connection's pipes. Every read is bounded (one command
/// line, one DATA line: the splitter never looks past the limit) and timed (per command, per
/// session); every write is timed too, so a client that never reads cannot hold us. Replies to a
/// pipelined batch are collected and sent in one write when the input holds no further complete
/// line. On shutdown a session waiting for a command is told 421 and closed; one in DATA or being
/// judged finishes first (the host's drain bound cuts it after that). XCLIENT from a trusted client
/// starts a new session as the client it names (the client rules decided again for it); XFORWARD
/// changes who the next transaction is logged and judged as, not the client rules.
/// </summary>
public sealed class SmtpConversation
{
    private static readonly TimeSpan LastWordTimeout = TimeSpan.FromSeconds(5);
    private readonly StringBuilder _replies = new();
    private IDuplexPipe transport;
    private TlsTransport? _tls;
    private readonly SmtpDelivery delivery;
    private readonly SmtpLimits limits;
    private readonly ILogger log;
    private readonly Func<SmtpClientFacts, int, SmtpSession> _newSession;
    private readonly SmtpClientFacts _connected;
    private SmtpSession session;
    private SmtpClientFacts client;
    private IncomingMessage? _message;
    private bool _inData;
    private BdatChunk _chunk;
    private long _chunkLeft;
    private bool _inChunk;

    /// <param name="newSession">A session for a client, given the commands already counted on this connection.</param>
    public SmtpConversation(IDuplexPipe transport, Func<SmtpClientFacts, int, SmtpSession> newSession, SmtpDelivery delivery, SmtpClientFacts client, SmtpLimits limits, ILogger log)
    {
        this.transport = transport;
        this.delivery = delivery;
        this.limits = limits;
        this.log = log;
        _newSession = newSession;
        _connected = client;
        this.client = client;
        session = newSession(client, 0);
    }

    /// <summary>Runs the session to its end; <paramref name="stopping"/> is the host's shutdown.</summary>
    public async Task RunAsync(Func<IncomingMessage> newMessage, CancellationToken connectionClosed, CancellationToken stopping)
    {
        using var sessionTimer = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed);
        sessionTimer.CancelAfter(limits.SessionTimeout);
        var sessionToken = sessionTimer.Token;
        session.Greeting.WriteTo(_replies);
        try
        {
            if (!await FlushAsync(sessionToken).ConfigureAwait(false))
            {
                return;
            }

            await LoopAsync(newMessage, sessionToken, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            var why = stopping.IsCancellationRequested && _message is null ? new SmtpReply(421, "4.3.2 Service shutting down, try again later")
                : connectionClosed.IsCancellationRequested ? null
                : new SmtpReply(421, "4.4.2 Timeout, closing connection");
            if (why is not null)
            {
                await LastWordAsync(why).ConfigureAwait(false);
            }

            ServerLog.SessionClosed(log, client.AddressText, why?.ToString().TrimEnd() ?? "client went away");
        }
        catch (IOException e)
        {
            // The connection was reset; an unfinished message was never accepted, so nothing is lost.
            ServerLog.SessionClosed(log, client.AddressText, "connection lost: " + e.Message);
        }
        finally
        {
            _message?.Dispose();
            _message = null;
            if (_tls is not null)
            {
                await _tls.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task LoopAsync(Func<IncomingMessage> newMessage, CancellationToken sessionToken, CancellationToken stopping)
    {
        var input = transport.Input;
        while (true)
        {
            ReadResult read;
            using (var timer = CancellationTokenSource.CreateLinkedTokenSource(sessionToken, _message is null ? stopping : CancellationToken.None))
            {
                timer.CancelAfter(limits.CommandTimeout);
                read = await input.ReadAsync(timer.Token).ConfigureAwait(false);
            }

            var buffer = read.Buffer;
            SmtpReply? close;
            LineTake take;
            // Lines after the dot already received (the client's pipelined next commands) wait
            // in the buffer while the message is judged and relayed, then are taken in order.
            while ((take = TakeLines(ref buffer, newMessage, out close)) == LineTake.EndOfData)
            {
                await FinishMessageAsync(sessionToken).ConfigureAwait(false);
            }

            if (take == LineTake.StartTls)
            {
                // What the client sent after STARTTLS in clear is dropped unread: RFC 3207 forbids
                // pipelining past it, and taking it would let a man in the middle inject commands
                // into the TLS session (CVE-2011-0411).
                input.AdvanceTo(read.Buffer.End);
                if (!await FlushAsync(sessionToken).ConfigureAwait(false) || !await StartTlsAsync(sessionToken).ConfigureAwait(false))
                {
                    return;
                }

                input = transport.Input;
                continue;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (close is not null)
            {
                await LastWordAsync(close).ConfigureAwait(false);
                ServerLog.SessionClosed(log, client.AddressText, close.ToString().TrimEnd());
                return;
            }

            if (!await FlushAsync(sessionToken).ConfigureAwait(false) || read.IsCompleted)
            {
                return;
            }
        }
    }

    private enum LineTake
    {
        NeedInput,
        EndOfData,
        StartTls,
        Close,
    }

    /// <summary>Handles the complete lines in <paramref name="buffer"/> up to the end of a message's data, the need for more input, or a reason to close.</summary>
    private LineTake TakeLines(ref ReadOnlySequence<byte> buffer, Func<IncomingMessage> newMessage, out SmtpReply? close)
    {
        close = null;
        while (true)
        {
            if (_inChunk)
            {
                if (TakeChunk(ref buffer) is { } chunkTake)
                {
                    return chunkTake;
                }

                continue;
            }

            var inData = _inData;
            if (!LineSplitter.TryTake(ref buffer, inData ? limits.MaxDataLine : limits.MaxCommandLine, out var line, out var error))
            {
                close = error switch
                {
                    LineError.None => null,
                    LineError.TooLong => new SmtpReply(500, "5.5.2 Line too long, closing"),
                    _ => new SmtpReply(500, "5.5.2 Bare LF not allowed (RFC 5321 2.3.8), closing"),
                };
                return close is null ? LineTake.NeedInput : LineTake.Close;
            }

            if (inData)
            {
                if (_message!.Receiver.Take(line))
                {
                    _inData = false;
                    return LineTake.EndOfData;
                }

                continue;
            }

            if (LineSplitter.HasNul(line))
            {
                close = new SmtpReply(500, "5.5.2 NUL in command, closing");
                return LineTake.Close;
            }

            var step = session.Handle(Encoding.UTF8.GetString(line));
            if (_message is not null && session.Sender is null)
            {
                // RSET (or EHLO) ended a BDAT transaction between its chunks: what came so far is dropped.
                _message.Dispose();
                _message = null;
            }

            if (step.Action == SmtpAction.Close)
            {
                close = step.Reply;
                return LineTake.Close;
            }

            if (step.Action == SmtpAction.Restart && !Restart(session.XClient!, out close))
            {
                return LineTake.Close;
            }

            if (step.Action == SmtpAction.ReceiveChunk)
            {
                // The reply comes after the chunk's octets.
                _chunk = step.Chunk;
                _chunkLeft = step.Chunk.Size;
                _inChunk = true;
                if (step.Chunk.Refusal is null)
                {
                    _message ??= newMessage();
                }

                continue;
            }

            step.Reply.WriteTo(_replies);
            if (step.Action == SmtpAction.StartTls)
            {
                return LineTake.StartTls;
            }

            if (step.Action == SmtpAction.ReceiveData)
            {
                _message = newMessage();
                _inData = true;
            }
        }
    }

    /// <summary>
    /// Octets of the BDAT chunk being read, as far as <paramref name="buffer"/> has them: into the
    /// message (or discarded when the chunk was refused); at the chunk's end its reply is queued, or
    /// after LAST the message is finished. Null: go on taking lines.
    /// </summary>
    private LineTake? TakeChunk(ref ReadOnlySequence<byte> buffer)
    {
        var take = Math.Min(buffer.Length, _chunkLeft);
        if (_chunk.Refusal is null && _message is not null)
        {
            _message.Receiver.TakeChunk(buffer.Slice(0, take));
        }

        buffer = buffer.Slice(take);
        _chunkLeft -= take;
        if (_chunkLeft > 0)
        {
            return LineTake.NeedInput;
        }

        _inChunk = false;
        if (_chunk.Refusal is { } refusal)
        {
            refusal.WriteTo(_replies);
            return null;
        }

        var receiver = _message!.Receiver;
        if (_chunk.Last)
        {
            receiver.EndChunks();
            return LineTake.EndOfData;
        }

        if (receiver.Oversize || receiver.HeaderTooLarge)
        {
            // The transaction failed (RFC 3030: the client sends no more chunks for it); later BDATs get 503.
            new SmtpReply(552, receiver.Oversize ? "5.3.4 Message size exceeds fixed limit" : "5.3.4 Message header exceeds fixed limit").WriteTo(_replies);
            ServerLog.Transaction(log, client.AddressText, "refused", receiver.Oversize ? "oversize" : "header-too-large", session.Sender ?? "", session.Recipients.Count, receiver.Size, "552 5.3.4", "BDAT");
            _message.Dispose();
            _message = null;
            session.EndTransaction();
            return null;
        }

        new SmtpReply(250, $"2.0.0 {_chunk.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)} octets received").WriteTo(_replies);
        return null;
    }

    /// <summary>The TLS handshake after STARTTLS's 220, bounded by the command timeout; then a new session over TLS (RFC 3207: the client starts with EHLO again).</summary>
    private async Task<bool> StartTlsAsync(CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(limits.CommandTimeout);
        var (tls, error) = await TlsTransport.StartAsync(transport, client.Configuration.Certificate!, timer.Token).ConfigureAwait(false);
        if (tls is null)
        {
            ServerLog.SessionClosed(log, client.AddressText, "TLS handshake failed: " + error);
            return false;
        }

        _tls = tls;
        transport = tls;
        client = client with { Tls = true };
        session = _newSession(client, session.Commands);
        ServerLog.TlsStarted(log, client.AddressText, tls.Description);
        return true;
    }

    /// <summary>XCLIENT: the client rules decided for the named client; a new session as it, or the refusal that closes the connection.</summary>
    private bool Restart(ForwardedClient named, out SmtpReply? refusal)
    {
        var address = named.Address ?? _connected.Address;
        var access = _connected.Configuration.Access.Decide(address, named.Name);
        var facts = named.Apply(_connected, access);
        ServerLog.XClient(log, _connected.AddressText, facts.AddressText, facts.Name ?? "", access.Rule);
        if (!access.Allowed)
        {
            refusal = new SmtpReply(554, "5.7.1 Connection refused by the client rules");
            return false;
        }

        refusal = null;
        client = facts;
        session = _newSession(facts, session.Commands);
        return true;
    }

    /// <summary>Judges and relays the message just ended by the dot and queues the reply to it.</summary>
    private async Task FinishMessageAsync(CancellationToken ct)
    {
        var message = _message!;
        var sender = session.Sender ?? "";
        var recipients = session.Recipients.ToArray();
        // XFORWARD names the client this message came from: logged and judged as it, the client rules stay the connection's.
        var forwarded = session.Forwarded;
        var from = forwarded is null ? client : forwarded.Apply(client, client.Access);
        var helo = forwarded?.Helo ?? session.Helo;
        DeliveryResult result;
        try
        {
            var original = new OriginalClient(from.Address, from.Name, helo, forwarded?.Protocol ?? (session.Extended ? "ESMTP" : "SMTP"), forwarded?.Source, forwarded?.Ident);
            result = await delivery.FinishAsync(message, sender, recipients, from, helo, original, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of ours defers: the client keeps the message and tries again.
            result = new(new SmtpReply(451, "4.3.0 Temporary problem, try again later"), "deferred", "fault", e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            _message = null;
            message.Dispose();
            session.EndTransaction();
        }

        result.Reply.WriteTo(_replies);
        ServerLog.Transaction(log, from.AddressText, result.Outcome, result.Reason, sender, recipients.Length, message.Receiver.Size, result.Reply.ToString().ReplaceLineEndings(" ").TrimEnd(), result.Detail);
    }

    private async Task<bool> FlushAsync(CancellationToken ct)
    {
        if (_replies.Length == 0)
        {
            return true;
        }

        var bytes = Encoding.UTF8.GetBytes(_replies.ToString());
        _replies.Clear();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(limits.CommandTimeout);
        var result = await transport.Output.WriteAsync(bytes, timer.Token).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>The queued replies and a closing one, written within a short bound whatever the client does.</summary>
    private async Task LastWordAsync(SmtpReply reply)
    {
        reply.WriteTo(_replies);
        using var timer = new CancellationTokenSource(LastWordTimeout);
        try
        {
            await FlushAsync(timer.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client is gone or not reading: the connection closes anyway.
        }
    }
}
