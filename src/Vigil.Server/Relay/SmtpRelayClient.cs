using System.Net.Sockets;
using System.Text;
using Vigil.Server.Smtp;

namespace Vigil.Server.Relay;

/// <summary>
/// Hands one judged message to the next hop over SMTP and reports the next hop's own reply. Our
/// own small client rather than MailKit's SmtpClient: MailKit sends a MimeMessage it re-serialises,
/// while a gateway must pass the bytes it judged, and must hand back the next hop's code verbatim.
/// Every read is bounded in size and time; any failure is a 451 (nothing is accepted unless the
/// next hop said 250 to the final dot).
/// </summary>
public sealed class SmtpRelayClient(string heloName, TimeSpan timeout)
{
    private const int MaxReplyLines = 100;
    private const int MaxReplyLine = 4096;

    public async Task<RelayResult> SendAsync(NextHop hop, string sender, IReadOnlyList<string> recipients, byte[] addedHeaders, Stream message, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timer.CancelAfter(timeout);
        var ct = timer.Token;
        try
        {
            using var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(hop.Host, hop.Port, ct).ConfigureAwait(false);
            await using var stream = tcp.GetStream();
            var reader = new ReplyReader(stream);
            var greeting = await reader.ReadAsync(ct).ConfigureAwait(false);
            if (greeting.Code != 220)
            {
                return Refused(greeting, hop, "greeting");
            }

            var ehlo = await CommandAsync(stream, reader, $"EHLO {heloName}", ct).ConfigureAwait(false);
            var smtpUtf8 = false;
            if (ehlo.Code != 250)
            {
                var helo = await CommandAsync(stream, reader, $"HELO {heloName}", ct).ConfigureAwait(false);
                if (helo.Code != 250)
                {
                    return Refused(helo, hop, "HELO");
                }
            }
            else
            {
                smtpUtf8 = ehlo.Lines.Any(l => l.Equals("SMTPUTF8", StringComparison.OrdinalIgnoreCase));
            }

            var needsUtf8 = !Ascii(sender) || recipients.Any(r => !Ascii(r));
            var mail = await CommandAsync(stream, reader, $"MAIL FROM:<{sender}>" + (needsUtf8 && smtpUtf8 ? " SMTPUTF8" : ""), ct).ConfigureAwait(false);
            if (mail.Code != 250)
            {
                return Refused(mail, hop, "MAIL");
            }

            foreach (var recipient in recipients)
            {
                // One DATA reply answers for all recipients: any refused recipient refuses the message.
                var rcpt = await CommandAsync(stream, reader, $"RCPT TO:<{recipient}>", ct).ConfigureAwait(false);
                if (rcpt.Code is not (250 or 251))
                {
                    return Refused(rcpt, hop, "RCPT");
                }
            }

            var data = await CommandAsync(stream, reader, "DATA", ct).ConfigureAwait(false);
            if (data.Code != 354)
            {
                return Refused(data, hop, "DATA");
            }

            await DotStuffing.CopyAsync(addedHeaders, message, stream, ct).ConfigureAwait(false);
            var final = await reader.ReadAsync(ct).ConfigureAwait(false);
            try
            {
                await CommandAsync(stream, reader, "QUIT", ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or InvalidDataException)
            {
                // The message's fate was settled by the reply to the dot.
            }

            return final.Code == 250 ? new RelayResult(true, final, $"{hop}: {final.Lines[0]}") : Refused(final, hop, "end of data");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return Failed(hop, "timed out");
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException)
        {
            return Failed(hop, e.Message);
        }
    }

    private static RelayResult Refused(SmtpReply reply, NextHop hop, string stage)
    {
        // A 4xx/5xx is passed back in code and text; anything else (garbage, 2xx out of place) is our 451.
        if (reply.Code is >= 400 and < 600)
        {
            return new RelayResult(false, reply, $"{hop} refused at {stage}: {reply.Code} {reply.Lines[0]}");
        }

        return Failed(hop, $"unexpected reply {reply.Code} at {stage}");
    }

    private static RelayResult Failed(NextHop hop, string why) =>
        new(false, new SmtpReply(451, "4.4.0 Next hop failed, try again later"), $"{hop}: {why}");

    private static async Task<SmtpReply> CommandAsync(Stream stream, ReplyReader reader, string command, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false);
    }

    private static bool Ascii(string s) => s.All(c => c < 128);

    /// <summary>Reads one (possibly multi-line) reply, bounded in lines and line length.</summary>
    private sealed class ReplyReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<SmtpReply> ReadAsync(CancellationToken ct)
        {
            var lines = new List<string>();
            var code = 0;
            while (lines.Count < MaxReplyLines)
            {
                var line = await ReadLineAsync(ct).ConfigureAwait(false);
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var lineCode)
                    || (line.Length > 3 && line[3] is not (' ' or '-')) || (code != 0 && lineCode != code))
                {
                    throw new InvalidDataException("the next hop's reply is not SMTP");
                }

                code = lineCode;
                lines.Add(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] == ' ')
                {
                    return new SmtpReply(code, lines);
                }
            }

            throw new InvalidDataException("the next hop's reply has too many lines");
        }

        private async Task<string> ReadLineAsync(CancellationToken ct)
        {
            var line = new StringBuilder();
            while (true)
            {
                for (var i = _start; i < _end; i++)
                {
                    if (_buffer[i] == '\n')
                    {
                        line.Append(Encoding.UTF8.GetString(_buffer, _start, i - _start));
                        _start = i + 1;
                        return line.ToString().TrimEnd('\r');
                    }
                }

                line.Append(Encoding.UTF8.GetString(_buffer, _start, _end - _start));
                if (line.Length > MaxReplyLine)
                {
                    throw new InvalidDataException("the next hop's reply line is too long");
                }

                _start = 0;
                _end = await stream.ReadAsync(_buffer, ct).ConfigureAwait(false);
                if (_end == 0)
                {
                    throw new IOException("the next hop closed the connection");
                }
            }
        }
    }
}
