using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Turns a template and the message's values into a complete RFC 5322 message: Date,
/// Message-ID, From (respmail), To, Subject (RFC 2047 when not ASCII), MIME-Version, a UTF-8
/// text/plain body (quoted-printable unless plain short ASCII) and `Auto-Submitted:
/// auto-replied` so that well-behaved responders do not answer it. Line ends are CRLF.
/// </summary>
public static class NotificationComposer
{
    /// <summary>Longest body line that is sent as 7bit; longer lines or non-ASCII go quoted-printable.</summary>
    private const int Max7BitLine = 76;

    public static (string Subject, byte[] Message) Compose(
        NotificationTemplate template, TemplateValues values, string from, string to, string hostName, DateTimeOffset now)
    {
        // The filled subject is sanitised as a whole: a template line cannot break out either.
        var subject = HeaderText.Sanitize(values.Fill(template.Subject), 250);
        var body = values.Fill(template.Body).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!body.EndsWith('\n'))
        {
            body += "\n";
        }

        var sevenBit = IsSevenBitShortLines(body);
        var sb = new StringBuilder(body.Length + 512);
        sb.Append("Date: ").Append(TemplateValues.Rfc5322Date(now)).Append("\r\n");
        sb.Append("From: ").Append(from).Append("\r\n");
        sb.Append("To: ").Append(to).Append("\r\n");
        sb.Append("Subject: ").Append(EncodedWords.Encode(subject)).Append("\r\n");
        sb.Append("Message-ID: ").Append(NewMessageId(hostName, now)).Append("\r\n");
        sb.Append("MIME-Version: 1.0\r\n");
        sb.Append("Content-Type: text/plain; charset=utf-8\r\n");
        sb.Append("Content-Transfer-Encoding: ").Append(sevenBit ? "7bit" : "quoted-printable").Append("\r\n");
        sb.Append("Auto-Submitted: auto-replied\r\n");
        sb.Append("\r\n");
        sb.Append(sevenBit ? body.Replace("\n", "\r\n", StringComparison.Ordinal) : QuotedPrintable.Encode(body));
        return (subject, Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>A unique Message-ID: time, randomness and the host (reduced to host-name characters).</summary>
    public static string NewMessageId(string hostName, DateTimeOffset now)
    {
        var host = new StringBuilder();
        foreach (var c in hostName)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            {
                host.Append(c);
            }
        }

        if (host.Length == 0)
        {
            host.Append("localhost");
        }

        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return string.Create(CultureInfo.InvariantCulture, $"<{now.ToUnixTimeMilliseconds()}.{Convert.ToHexStringLower(random)}.vigil@{host}>");
    }

    private static bool IsSevenBitShortLines(string body)
    {
        var lineLength = 0;
        foreach (var c in body)
        {
            if (c == '\n')
            {
                lineLength = 0;
                continue;
            }

            if (c is > '~' or (< ' ' and not '\t'))
            {
                return false;
            }

            if (++lineLength > Max7BitLine)
            {
                return false;
            }
        }

        return true;
    }
}
