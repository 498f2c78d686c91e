namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Prepares message bytes for SMTP DATA (RFC 5321 4.5.2): every line ends in CRLF (a bare LF or
/// CR becomes CRLF), a line starting with "." gets another ".", and the terminating
/// "CRLF.CRLF" is added.
/// </summary>
public static class DotStuffing
{
    public static byte[] Encode(ReadOnlySpan<byte> message)
    {
        using var output = new MemoryStream(message.Length + message.Length / 32 + 8);
        var lineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (b == (byte)'\r' || b == (byte)'\n')
            {
                // CRLF, a bare CR and a bare LF each end one line.
                if (b == (byte)'\r' && i + 1 < message.Length && message[i + 1] == (byte)'\n')
                {
                    i++;
                }

                output.WriteByte((byte)'\r');
                output.WriteByte((byte)'\n');
                lineStart = true;
                continue;
            }

            if (lineStart && b == (byte)'.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            lineStart = false;
        }

        if (!lineStart)
        {
            output.Write("\r\n"u8);
        }

        output.Write(".\r\n"u8);
        return output.ToArray();
    }
}
