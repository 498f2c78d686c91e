using System.Text;

namespace Vigil.Engine.Tests.Scanners.Payloads;

/// <summary>Mails that carry a payload in the encodings a sender may choose.</summary>
internal static class PayloadMail
{
    private const string Head =
        "From: a@example.test\r\nTo: b@example.test\r\nSubject: payload\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"PP\"\r\n\r\n";

    /// <summary>Part 1 is text holding <paramref name="text"/>; part 2 a short note.</summary>
    public static string InTextBody(string text) =>
        Head + "--PP\r\nContent-Type: text/plain\r\n\r\nHere it comes:\r\n\r\n" + text + "\r\nbye\r\n" +
        "--PP\r\nContent-Type: text/plain\r\n\r\nnothing here\r\n--PP--\r\n";

    /// <summary>Part 2 is an attachment with the given transfer encoding and already encoded body.</summary>
    public static string Attachment(string fileName, string contentType, string transferEncoding, string encoded) =>
        Head + "--PP\r\nContent-Type: text/plain\r\n\r\nSee the attachment.\r\n" +
        $"--PP\r\nContent-Type: {contentType}; name=\"{fileName}\"\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\n" +
        $"Content-Transfer-Encoding: {transferEncoding}\r\n\r\n" + encoded + "\r\n--PP--\r\n";

    /// <summary>Quoted-printable as an encoder writes it: =XX for all but printable ASCII, 76-character lines.</summary>
    public static string QuotedPrintable(byte[] content)
    {
        var sb = new StringBuilder(content.Length * 3);
        var line = 0;
        foreach (var b in content)
        {
            var literal = b is >= 33 and <= 126 && b != '=';
            var width = literal ? 1 : 3;
            if (line + width > 75)
            {
                sb.Append("=\r\n");
                line = 0;
            }

            if (literal)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }

            line += width;
        }

        return sb.ToString();
    }
}
