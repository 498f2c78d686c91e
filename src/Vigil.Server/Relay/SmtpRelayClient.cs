using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Server.Logging;
using Vigil.Server.Smtp;

namespace Vigil.Server.Relay;

/// <summary>
/// Hands one judged message to the next hop over SMTP and reports the next hop's own reply. Our
/// own small client rather than MailKit's SmtpClient: MailKit sends a MimeMessage it re-serialises,
/// while a gateway must pass the bytes it judged, and must hand back the next hop's code verbatim.
/// STARTTLS as the route says (<see cref="RelayTls"/>), XFORWARD of the original client when the
/// next hop offers it, connections reused through <see cref="RelayPool"/> (RSET first; a reused
/// connection that fails before the message is sent is retried once on a fresh one), the envelope
/// in one write when the next hop offers PIPELINING. Every read
/// is bounded in size and time; any failure is a 451 (nothing is accepted unless the next hop said
/// 250 to the final dot).
/// </summary>
public sealed class SmtpRelayClient(string heloName, TimeSpan timeout, RelayPool pool, ILogger log)
{
    /// <param name="message">Opens the message's content (once more when a reused connection is retried).</param>
    public async Task<RelayResult> SendAsync(NextHop hop, string sender, IReadOnlyList<string> recipients, OriginalClient? client, byte[] addedHeaders, Func<Stream> message, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        var ct = timer.Token;
        var transaction = new Transaction(sender, recipients, client, addedHeaders, message);
        try
        {
            if (pool.TryTake(hop) is { } pooled)
            {
                var (result, retry) = await TransactAsync(pooled, reused: true, transaction, ct).ConfigureAwait(false);
                if (!retry)
                {
                    return result!;
                }

                ServerLog.RelayRetry(log, hop.ToString(), result?.Detail ?? "");
            }

            var (connection, failure) = await RelayConnection.OpenAsync(hop, heloName, ct).ConfigureAwait(false);
            if (connection is null)
            {
                return failure!;
            }

            ServerLog.RelayConnected(log, hop.ToString(), connection.Tls ?? "no TLS", connection.Extensions.ContainsKey("XFORWARD"));
            return (await TransactAsync(connection, reused: false, transaction, ct).ConfigureAwait(false)).Result!;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return Failed(hop, "timed out");
        }
    }

    private sealed record Transaction(string Sender, IReadOnlyList<string> Recipients, OriginalClient? Client, byte[] AddedHeaders, Func<Stream> Message);

    /// <summary>
    /// One transaction on <paramref name="connection"/>; the connection goes back to the pool when
    /// it ended cleanly. Retry is true when a reused connection turned out broken before the
    /// message was sent. When the next hop offers PIPELINING the envelope (RSET, XFORWARD, MAIL,
    /// every RCPT, DATA) goes out in one write and its replies are read in order: one round trip
    /// instead of one per command, which on a busy gateway is a wake-up of both ends each.
    /// </summary>
    private async Task<(RelayResult? Result, bool Retry)> TransactAsync(RelayConnection connection, bool reused, Transaction t, CancellationToken ct)
    {
        var hop = connection.Hop;
        var dotSent = false;
        try
        {
            var commands = Envelope(connection, reused, t);
            var pipelined = connection.Extensions.ContainsKey("PIPELINING");
            if (pipelined)
            {
                await connection.WriteCommandsAsync(commands.Select(c => c.Command), ct).ConfigureAwait(false);
            }

            for (var i = 0; i < commands.Count; i++)
            {
                var (command, stage) = commands[i];
                var reply = pipelined
                    ? await connection.ReadReplyAsync(ct).ConfigureAwait(false)
                    : await connection.CommandAsync(command, ct).ConfigureAwait(false);
                switch (stage)
                {
                    case Stage.Rset when reply.Code != 250:
                        await connection.DisposeAsync().ConfigureAwait(false);
                        return (Failed(hop, $"reused connection answered RSET with {reply.Code}"), true);
                    case Stage.Forward when reply.Code == 421:
                        // Information only otherwise: a refusal does not stop the message (the next hop then logs Vigil as the client).
                        return await EndAsync(connection, reused, reply, Refused(reply, hop, "XFORWARD")).ConfigureAwait(false);
                    case Stage.Mail when reply.Code != 250:
                        return await EndEarlyAsync(connection, reused, reply, Refused(reply, hop, "MAIL"), pipelined ? commands.Count - i - 1 : 0, ct).ConfigureAwait(false);
                    case Stage.Rcpt when reply.Code is not (250 or 251):
                        // One DATA reply answers for all recipients: any refused recipient refuses the message.
                        return await EndEarlyAsync(connection, reused, reply, Refused(reply, hop, "RCPT"), pipelined ? commands.Count - i - 1 : 0, ct).ConfigureAwait(false);
                    case Stage.Data when reply.Code != 354:
                        return await EndAsync(connection, reused, reply, Refused(reply, hop, "DATA")).ConfigureAwait(false);
                }
            }

            SmtpReply final;
            await using (var content = t.Message())
            {
                dotSent = true;
                final = await connection.SendDataAsync(t.AddedHeaders, content, ct).ConfigureAwait(false);
            }

            connection.Messages++;
            var tls = connection.Tls is null ? "" : " (TLS)";
            var result = final.Code == 250 ? new RelayResult(true, final, $"{hop}{tls}: {final.Lines[0]}") : Refused(final, hop, "end of data");
            return await EndAsync(connection, reused: false, final, result, afterDot: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            // Retried only when the message was not being sent yet: once its bytes went out, the dot may
            // have too, and a second copy could arrive (RFC 1047). A pooled connection the next hop
            // closed shows at RSET or MAIL.
            return (Failed(hop, e.Message), reused && !dotSent);
        }
        catch
        {
            // Cancellation or anything unforeseen (a TLS or access error from the spool): the
            // connection is in an unknown state, so it is closed, never pooled; the caller defers.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private enum Stage
    {
        Rset,
        Forward,
        Mail,
        Rcpt,
        Data,
    }

    /// <summary>The commands before the message, in order: RSET on a reused connection, XFORWARD when offered, MAIL, each RCPT, DATA.</summary>
    private static List<(string Command, Stage Stage)> Envelope(RelayConnection connection, bool reused, Transaction t)
    {
        var commands = new List<(string, Stage)>(t.Recipients.Count + 4);
        if (reused)
        {
            commands.Add(("RSET", Stage.Rset));
        }

        if (t.Client is not null && connection.Extensions.TryGetValue("XFORWARD", out var attributes))
        {
            var offered = attributes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.ToUpperInvariant()).ToHashSet();
            commands.AddRange(t.Client.Commands(offered).Select(c => (c, Stage.Forward)));
        }

        var needsUtf8 = !Ascii(t.Sender) || t.Recipients.Any(r => !Ascii(r));
        commands.Add(($"MAIL FROM:<{t.Sender}>" + (needsUtf8 && connection.Extensions.ContainsKey("SMTPUTF8") ? " SMTPUTF8" : ""), Stage.Mail));
        commands.AddRange(t.Recipients.Select(r => ($"RCPT TO:<{r}>", Stage.Rcpt)));
        commands.Add(("DATA", Stage.Data));
        return commands;
    }

    /// <summary>
    /// MAIL or a RCPT refused: with <paramref name="pending"/> pipelined commands still to answer,
    /// their replies are read first so the connection stays in step. A next hop that says 354 to
    /// DATA all the same is in the middle of a transaction we will not finish: the connection is
    /// closed without the dot, so nothing is delivered, and never pooled.
    /// </summary>
    private async Task<(RelayResult? Result, bool Retry)> EndEarlyAsync(RelayConnection connection, bool reused, SmtpReply said, RelayResult result, int pending, CancellationToken ct)
    {
        if (said.Code is >= 400 and < 600 && said.Code != 421)
        {
            for (var k = 0; k < pending; k++)
            {
                if ((await connection.ReadReplyAsync(ct).ConfigureAwait(false)).Code == 354)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return (result, false);
                }
            }
        }

        return await EndAsync(connection, reused, said, result).ConfigureAwait(false);
    }

    /// <summary>
    /// A transaction that ended with the next hop's reply <paramref name="said"/>: the connection
    /// goes back to the pool only when that reply was one the protocol allows there (a 4xx/5xx
    /// refusal of a command, or 250 after the dot) and nothing more is waiting to be read; a next hop that closes (421), says
    /// something out of place (250 to DATA, 354 to MAIL) or sent extra lines would have the next
    /// message read replies shifted by one. A reused connection that said 421 before the dot is retried.
    /// </summary>
    private async Task<(RelayResult? Result, bool Retry)> EndAsync(RelayConnection connection, bool reused, SmtpReply said, RelayResult result, bool afterDot = false)
    {
        var inStep = (afterDot && said.Code == 250) || (said.Code is >= 400 and < 600 && said.Code != 421);
        if (!inStep || connection.HasBufferedReplies)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return (result, reused && said.Code == 421);
        }

        pool.Return(connection);
        return (result, false);
    }

    internal static RelayResult Refused(SmtpReply reply, NextHop hop, string stage)
    {
        // A 4xx/5xx is passed back in code and text; anything else (garbage, 2xx out of place) is our 451.
        if (reply.Code is >= 400 and < 600)
        {
            return new RelayResult(false, reply, $"{hop} refused at {stage}: {reply.Code} {reply.Lines[0]}");
        }

        return Failed(hop, $"unexpected reply {reply.Code} at {stage}");
    }

    internal static RelayResult Failed(NextHop hop, string why) =>
        new(false, new SmtpReply(451, "4.4.0 Next hop failed, try again later"), $"{hop}: {why}");

    private static bool Ascii(string s) => s.All(c => c < 128);
}
