using System.Net.Sockets;
using System.Text;
using Vigil.Engine.Smtp;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// A minimal SMTP client for notifications: greeting, EHLO (HELO when refused), MAIL FROM:&lt;&gt;,
/// RCPT TO, DATA with dot-stuffing, QUIT. Every step has a deadline; every failure is a
/// <see cref="SendResult"/> (4xx, timeouts and network errors temporary, 5xx permanent). Meant for
/// the local MTA (qmail-smtpd on 127.0.0.1:25 and the like): no TLS, no AUTH.
/// </summary>
public sealed class SmtpNotificationSender : INotificationSender
{
    private readonly string _host;
    private readonly int _port;

    public SmtpNotificationSender(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public string Host => _host;

    public int Port => _port;

    /// <summary>Deadline for connecting and for each command's reply.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The name given in EHLO/HELO.</summary>
    public string HeloName { get; init; } = "localhost";

    public Task<SendResult> SendAsync(Notification notification, CancellationToken cancellation) =>
        SendAsync(notification.EnvelopeSender, [notification.Recipient], notification.Message, cancellation);

    /// <summary>Sends <paramref name="message"/> to <paramref name="recipients"/> in one transaction.</summary>
    public async Task<SendResult> SendAsync(string envelopeSender, IReadOnlyList<string> recipients, ReadOnlyMemory<byte> message, CancellationToken cancellation)
    {
        if (envelopeSender.Length > 0 && !MailAddressText.IsSafe(envelopeSender))
        {
            return SendResult.Permanent("envelope sender is not a plain address");
        }

        foreach (var r in recipients)
        {
            if (!MailAddressText.IsSafe(r))
            {
                return SendResult.Permanent("recipient is not a plain address: " + MailAddressText.ForDisplay(r));
            }
        }

        using var client = new TcpClient();
        try
        {
            using (var connect = Deadline(cancellation))
            {
                await client.ConnectAsync(_host, _port, connect.Token).ConfigureAwait(false);
            }

            var stream = client.GetStream();
            var reader = new SmtpReplyReader(stream);
            var reply = await Expect(reader, cancellation).ConfigureAwait(false);
            if (reply.Code != 220)
            {
                return Fail("greeting", reply);
            }

            reply = await Command(stream, reader, "EHLO " + HeloName, cancellation).ConfigureAwait(false);
            if (reply.Code != 250)
            {
                reply = await Command(stream, reader, "HELO " + HeloName, cancellation).ConfigureAwait(false);
                if (reply.Code != 250)
                {
                    return Fail("HELO", reply);
                }
            }

            reply = await Command(stream, reader, $"MAIL FROM:<{envelopeSender}>", cancellation).ConfigureAwait(false);
            if (reply.Code != 250)
            {
                return Fail("MAIL FROM", reply);
            }

            foreach (var r in recipients)
            {
                reply = await Command(stream, reader, $"RCPT TO:<{r}>", cancellation).ConfigureAwait(false);
                if (reply.Code is not (250 or 251))
                {
                    return Fail("RCPT TO", reply);
                }
            }

            reply = await Command(stream, reader, "DATA", cancellation).ConfigureAwait(false);
            if (reply.Code != 354)
            {
                return Fail("DATA", reply);
            }

            using (var write = Deadline(cancellation))
            {
                await stream.WriteAsync(DotStuffing.Encode(message.Span), write.Token).ConfigureAwait(false);
            }

            reply = await Expect(reader, cancellation).ConfigureAwait(false);
            if (reply.Code != 250)
            {
                return Fail("end of data", reply);
            }

            // The message is accepted; a failing QUIT changes nothing.
            try
            {
                await Command(stream, reader, "QUIT", cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException && !cancellation.IsCancellationRequested)
            {
            }

            return SendResult.Sent(reply.ToString());
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return SendResult.Temporary($"no answer from {_host}:{_port} within {Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return SendResult.Temporary($"{_host}:{_port}: {e.Message}");
        }
    }

    private CancellationTokenSource Deadline(CancellationToken cancellation)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        cts.CancelAfter(Timeout);
        return cts;
    }

    private async Task<SmtpReply> Command(NetworkStream stream, SmtpReplyReader reader, string command, CancellationToken cancellation)
    {
        using (var write = Deadline(cancellation))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), write.Token).ConfigureAwait(false);
        }

        return await Expect(reader, cancellation).ConfigureAwait(false);
    }

    private async Task<SmtpReply> Expect(SmtpReplyReader reader, CancellationToken cancellation)
    {
        using var read = Deadline(cancellation);
        return SmtpReply.From(await reader.ReadAsync(read.Token).ConfigureAwait(false));
    }

    private static SendResult Fail(string step, SmtpReply reply) =>
        reply.IsTemporary ? SendResult.Temporary($"{step}: {reply}") : SendResult.Permanent($"{step}: {reply}");
}
