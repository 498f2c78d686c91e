using System.Buffers;
using System.Text;

namespace Vigil.Mime.Headers;

/// <summary>
/// Decodes RFC 2047 encoded words (<c>=?charset?B|Q?text?=</c>) the lenient way mail clients do:
/// also inside quoted strings and parameter values, also when not separated by white space, and
/// joining adjacent words of one charset at the byte level so a character split between two words
/// survives. Malformed words are kept as literal text and reported.
/// </summary>
public static class EncodedWordDecoder
{
    /// <summary>Result flags of a decode.</summary>
    [Flags]
    public enum Issues
    {
        None = 0,
        Broken = 1,
        UnknownCharset = 2,
    }

    public static string Decode(string value) => Decode(value, out _);

    public static string Decode(string value, out Issues issues)
    {
        issues = Issues.None;
        var start = value.IndexOf("=?", StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        sb.Append(value, 0, start);
        var bytes = new ArrayBufferWriter<byte>(64);
        string? pendingCharset = null;
        var pos = start;
        var pendingWhitespace = new StringBuilder();

        // Where the last "?=" is: a word opened after it cannot close, so no search runs to the
        // end again for each of a million unclosed "=?x?Q?" (that was quadratic).
        var lastClose = value.LastIndexOf("?=", StringComparison.Ordinal);

        while (pos < value.Length)
        {
            if (TryParseWord(value, pos, lastClose, out var charset, out var encoding, out var text, out var end))
            {
                // White space between two encoded words is dropped (RFC 2047 section 6.2).
                if (pendingCharset is not null && !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
                {
                    issues |= Flush(sb, bytes, pendingCharset);
                }
                else if (pendingCharset is null)
                {
                    sb.Append(pendingWhitespace);
                }

                pendingWhitespace.Clear();
                pendingCharset = charset;
                if (!DecodePayload(text, encoding, bytes))
                {
                    issues |= Issues.Broken;
                }

                pos = end;
                continue;
            }

            var c = value[pos];
            if (pendingCharset is not null && (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
            {
                pendingWhitespace.Append(c);
                pos++;
                continue;
            }

            if (pendingCharset is not null)
            {
                issues |= Flush(sb, bytes, pendingCharset);
                pendingCharset = null;
                sb.Append(pendingWhitespace);
                pendingWhitespace.Clear();
            }

            if (c == '=' && pos + 1 < value.Length && value[pos + 1] == '?')
            {
                issues |= Issues.Broken;
            }

            sb.Append(c);
            pos++;
        }

        if (pendingCharset is not null)
        {
            issues |= Flush(sb, bytes, pendingCharset);
            sb.Append(pendingWhitespace);
        }

        return sb.ToString();
    }

    private static Issues Flush(StringBuilder sb, ArrayBufferWriter<byte> bytes, string charset)
    {
        var known = Charsets.TryDecode(charset, bytes.WrittenSpan, out var text);
        sb.Append(text);
        bytes.ResetWrittenCount();
        return known ? Issues.None : Issues.UnknownCharset;
    }

    private static bool TryParseWord(string value, int pos, int lastClose, out string charset, out char encoding, out string text, out int end)
    {
        charset = "";
        encoding = '\0';
        text = "";
        end = pos;
        if (pos + 1 >= value.Length || value[pos] != '=' || value[pos + 1] != '?')
        {
            return false;
        }

        // The charset is at most 80 characters: look no further for its end.
        var q1 = value.AsSpan(pos + 2, Math.Min(80, value.Length - pos - 2)).IndexOf('?');
        q1 = q1 < 0 ? -1 : q1 + pos + 2;
        if (q1 < 0 || q1 == pos + 2 || q1 - pos > 80 || q1 + 2 >= value.Length || value[q1 + 2] != '?')
        {
            return false;
        }

        encoding = char.ToUpperInvariant(value[q1 + 1]);
        if (encoding is not ('B' or 'Q'))
        {
            return false;
        }

        if (q1 + 3 > lastClose)
        {
            return false;
        }

        var close = value.IndexOf("?=", q1 + 3, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        charset = value[(pos + 2)..q1];
        text = value[(q1 + 3)..close];
        end = close + 2;
        return true;
    }

    private static bool DecodePayload(string text, char encoding, ArrayBufferWriter<byte> output)
    {
        var clean = true;
        if (encoding == 'B')
        {
            // Lenient base64: skip anything outside the alphabet, stop quietly at padding.
            int acc = 0, bits = 0;
            foreach (var c in text)
            {
                var v = Base64Value(c);
                if (v < 0)
                {
                    if (c != '=')
                    {
                        clean = false;
                    }

                    continue;
                }

                acc = (acc << 6) | v;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    output.GetSpan(1)[0] = (byte)(acc >> bits);
                    output.Advance(1);
                }
            }

            return clean;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            byte b;
            if (c == '_')
            {
                b = (byte)' ';
            }
            else if (c == '=' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                b = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                i += 2;
            }
            else
            {
                if (c == '=')
                {
                    clean = false;
                }

                b = c < 256 ? (byte)c : (byte)'?';
            }

            output.GetSpan(1)[0] = b;
            output.Advance(1);
        }

        return clean;
    }

    private static int Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };

    private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
