using System.Text;

namespace Vigil.Mime.Headers;

/// <summary>
/// Maps MIME charset names to decoders (legacy code pages through <see cref="CodePageEncodings"/>). Unknown
/// charsets fall back to Latin-1 (every byte survives, nothing throws) and say so.
/// </summary>
public static class Charsets
{
    /// <summary>Decodes <paramref name="bytes"/> in <paramref name="charset"/>; false when the charset was unknown.</summary>
    public static bool TryDecode(string? charset, ReadOnlySpan<byte> bytes, out string text)
    {
        var name = (charset ?? "").Trim().Trim('"').ToLowerInvariant();

        // RFC 2231 allows a language suffix on the charset in encoded words (utf-8*en).
        var star = name.IndexOf('*');
        if (star >= 0)
        {
            name = name[..star];
        }

        switch (name)
        {
            case "" or "us-ascii" or "ascii" or "utf-8" or "utf8":
                text = DecodeUtf8OrLatin1(bytes);
                return true;
            case "utf-16":
                text = DecodeUtf16WithoutBom(bytes);
                return true;
        }

        Encoding? encoding;
        try
        {
            encoding = CodePageEncodings.Get(name);
        }
        catch (ArgumentException)
        {
            encoding = null;
        }

        if (encoding is null)
        {
            text = Encoding.Latin1.GetString(bytes);
            return false;
        }

        text = encoding.GetString(bytes);
        return true;
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (RFC 6532 headers), else Latin-1 so no byte is lost.</summary>
    public static string DecodeUtf8OrLatin1(ReadOnlySpan<byte> bytes)
    {
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>RFC 2781: "utf-16" without a byte order mark is big-endian; mailers also send LE, so look.</summary>
    private static string DecodeUtf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        // Count zero bytes at even and odd offsets: ASCII-range text in BE has zeros first.
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i + 1 < bytes.Length; i += 2)
        {
            if (bytes[i] == 0)
            {
                evenZeros++;
            }

            if (bytes[i + 1] == 0)
            {
                oddZeros++;
            }
        }

        return oddZeros > evenZeros ? Encoding.Unicode.GetString(bytes) : Encoding.BigEndianUnicode.GetString(bytes);
    }
}
