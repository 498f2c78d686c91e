using System.Text;

namespace Vigil.Engine.Dispositions.Notifications;

/// <summary>
/// Writes a header value as RFC 2047 encoded words ("=?UTF-8?B?...?=") when it is not plain
/// ASCII. Each word holds at most 45 bytes of UTF-8 (60 base64 characters, 72 with its frame,
/// under the 75 the RFC allows) and never splits a character; words are folded onto
/// continuation lines.
/// </summary>
public static class EncodedWords
{
    private const int MaxBytesPerWord = 45;

    public static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value as it goes after "Name: ": unchanged when plain ASCII, else encoded words joined by CRLF SP.</summary>
    public static string Encode(string value)
    {
        if (IsPlainAscii(value))
        {
            return value;
        }

        var sb = new StringBuilder();
        var chunk = new List<byte>(MaxBytesPerWord);
        Span<byte> scratch = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(scratch);
            if (chunk.Count + n > MaxBytesPerWord)
            {
                AppendWord(sb, chunk);
                chunk.Clear();
            }

            for (var i = 0; i < n; i++)
            {
                chunk.Add(scratch[i]);
            }
        }

        AppendWord(sb, chunk);
        return sb.ToString();
    }

    private static void AppendWord(StringBuilder sb, List<byte> bytes)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append("\r\n ");
        }

        sb.Append("=?UTF-8?B?").Append(Convert.ToBase64String([.. bytes])).Append("?=");
    }
}
