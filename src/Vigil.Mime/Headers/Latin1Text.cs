namespace Vigil.Mime.Headers;

/// <summary>
/// Bytes as characters by hand: each byte the char of the same number (ISO-8859-1), which for
/// ASCII bytes is also their UTF-8 reading. The runtime's own decoders are vectorised and quick
/// once running, but their first call costs a one-message process about 3 ms of set-up, and most
/// of what a door decodes (envelopes, control files, headers) is short and ASCII.
/// </summary>
public static class Latin1Text
{
    /// <summary>Each byte as one char of the same number.</summary>
    public static string Widen(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return new string(chars);
    }

    /// <summary>
    /// <paramref name="text"/> and a line feed as UTF-8 bytes (a log line): narrowed by hand when
    /// every char is ASCII, where UTF-8 and ASCII agree; through the runtime's encoder otherwise.
    /// </summary>
    public static byte[] Utf8Line(string text)
    {
        var bytes = new byte[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] >= 0x80)
            {
                return System.Text.Encoding.UTF8.GetBytes(text + "\n");
            }

            bytes[i] = (byte)text[i];
        }

        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>True when every byte is below 0x80 (so UTF-8, Latin-1 and ASCII read it alike).</summary>
    public static bool IsAscii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                return false;
            }
        }

        return true;
    }
}
