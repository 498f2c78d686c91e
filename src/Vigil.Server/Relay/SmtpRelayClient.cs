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
/// connection that fails before the message is sent is retried once on a fresh one). Every read
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
    /// it ended cleanly. Retry is true when a
    /// reused connection turned out broken before the message was sent.
    /// </summary>
    private async Task<(RelayResult? Result, bool Retry)> TransactAsync(RelayConnection connection, bool reused, Transaction t, CancellationToken ct)
    {
        var hop = connection.Hop;
        var dotSent = false;
        try
        {
            if (reused)
            {
                var rset = await connection.CommandAsync("RSET", ct).ConfigureAwait(false);
                if (rset.Code != 250)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return (Failed(hop, $"reused connection answered RSET with {rset.Code}"), true);
                }
            }

            if (t.Client is not null && connection.Extensions.TryGetValue("XFORWARD", out var attributes))
            {
                var offered = attributes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.ToUpperInvariant()).ToHashSet();
                foreach (var command in t.Client.Commands(offered))
                {
                    // Information only: a refusal does not stop the message (the next hop then logs Vigil as the client).
                    var forwarded = await connection.CommandAsync(command, ct).ConfigureAwait(false);
                    if (forwarded.Code == 421)
                    {
                        return await EndAsync(connection, reused, forwarded, Refused(forwarded, hop, "XFORWARD")).ConfigureAwait(false);
                    }
                }
            }

            var needsUtf8 = !Ascii(t.Sender) || t.Recipients.Any(r => !Ascii(r));
            var mail = await connection.CommandAsync($"MAIL FROM:<{t.Sender}>" + (needsUtf8 && connection.Extensions.ContainsKey("SMTPUTF8") ? " SMTPUTF8" : ""), ct).ConfigureAwait(false);
            if (mail.Code != 250)
            {
                return await EndAsync(connection, reused, mail, Refused(mail, hop, "MAIL")).ConfigureAwait(false);
            }

            foreach (var recipient in t.Recipients)
            {
                // One DATA reply answers for all recipients: any refused recipient refuses the message.
                var rcpt = await connection.CommandAsync($"RCPT TO:<{recipient}>", ct).ConfigureAwait(false);
                if (rcpt.Code is not (250 or 251))
                {
                    return await EndAsync(connection, reused, rcpt, Refused(rcpt, hop, "RCPT")).ConfigureAwait(false);
                }
            }

            var data = await connection.CommandAsync("DATA", ct).ConfigureAwait(false);
            if (data.Code != 354)
            {
                return await EndAsync(connection, reused, data, Refused(data, hop, "DATA")).ConfigureAwait(false);
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
