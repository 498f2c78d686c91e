using System.Text;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Quoted-printable body encoding (RFC 2045 6.7) for notification bodies that are not plain
/// short-lined ASCII: any UTF-8 text then travels through 7-bit SMTP unharmed. Input lines end
/// in LF; output lines end in CRLF and are at most 76 characters.
/// </summary>
public static class QuotedPrintable
{
    private const int MaxLine = 76;

    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        var sb = new StringBuilder(bytes.Length * 3 / 2);
        var lineLength = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == (byte)'\n')
            {
                sb.Append("\r\n");
                lineLength = 0;
                continue;
            }

            // Space and tab at a line's end must be encoded, or transports may strip them.
            var atLineEnd = i + 1 == bytes.Length || bytes[i + 1] == (byte)'\n';
            var literal = b is >= 33 and <= 126 && b != (byte)'=' || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            var width = literal ? 1 : 3;

            // Leave room for the soft break "=".
            if (lineLength + width > MaxLine - 1)
            {
                sb.Append("=\r\n");
                lineLength = 0;
            }

            if (literal)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('=').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }

            lineLength += width;
        }

        return sb.ToString();
    }
}
