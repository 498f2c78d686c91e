using System.Buffers.Binary;
using System.Text.Unicode;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Whether a head is text, how it is encoded, and its decoded, ASCII-lower-cased characters for
/// the text rules. Decoding is deliberately shallow: keyword rules only need ASCII to compare, so
/// 8-bit bytes map one to one onto chars and UTF-16 code units onto chars.
/// </summary>
internal readonly struct TextProfile
{
    private TextProfile(TextEncodingKind encoding, int byteOrderMarkLength)
    {
        Encoding = encoding;
        ByteOrderMarkLength = byteOrderMarkLength;
    }

    public TextEncodingKind Encoding { get; }

    public int ByteOrderMarkLength { get; }

    public bool IsText => Encoding != TextEncodingKind.None;

    public bool HasByteOrderMark => ByteOrderMarkLength > 0;

    /// <summary>Classifies <paramref name="head"/>; <paramref name="truncated"/> when more content follows it.</summary>
    public static TextProfile Examine(ReadOnlySpan<byte> head, bool truncated)
    {
        if (head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            var rest = head[3..];
            return IsEightBitText(rest) ? new TextProfile(TextEncodingKind.Utf8, 3) : default;
        }

        if (head.Length >= 2 && head[0] == 0xFF && head[1] == 0xFE && !(head.Length >= 4 && head[2] == 0 && head[3] == 0))
        {
            return IsUtf16Text(head[2..], littleEndian: true) ? new TextProfile(TextEncodingKind.Utf16LittleEndian, 2) : default;
        }

        if (head.Length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return IsUtf16Text(head[2..], littleEndian: false) ? new TextProfile(TextEncodingKind.Utf16BigEndian, 2) : default;
        }

        if (LooksLikeUtf16LittleEndianWithoutMark(head))
        {
            return new TextProfile(TextEncodingKind.Utf16LittleEndian, 0);
        }

        if (!IsEightBitText(head))
        {
            return default;
        }

        if (System.Text.Ascii.IsValid(head))
        {
            return new TextProfile(TextEncodingKind.Ascii, 0);
        }

        return new TextProfile(IsUtf8(head, truncated) ? TextEncodingKind.Utf8 : TextEncodingKind.EightBit, 0);
    }

    /// <summary>Writes the head's characters, BOM removed and ASCII letters lower-cased; returns the count.</summary>
    public int Decode(ReadOnlySpan<byte> head, Span<char> destination)
    {
        var body = head[Math.Min(ByteOrderMarkLength, head.Length)..];
        var count = 0;
        if (Encoding is TextEncodingKind.Utf16LittleEndian or TextEncodingKind.Utf16BigEndian)
        {
            var little = Encoding == TextEncodingKind.Utf16LittleEndian;
            for (var i = 0; i + 1 < body.Length && count < destination.Length; i += 2)
            {
                var unit = little ? BinaryPrimitives.ReadUInt16LittleEndian(body[i..]) : BinaryPrimitives.ReadUInt16BigEndian(body[i..]);
                destination[count++] = LowerAscii((char)unit);
            }

            return count;
        }

        for (var i = 0; i < body.Length && count < destination.Length; i++)
        {
            destination[count++] = LowerAscii((char)body[i]);
        }

        return count;
    }

    private static char LowerAscii(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    /// <summary>
    /// No NUL and at most one control character in a hundred (tab, line ends, form feed and ESC,
    /// which ISO-2022-JP mail uses, do not count).
    /// </summary>
    private static bool IsEightBitText(ReadOnlySpan<byte> bytes)
    {
        // A plain loop, one or two compares per byte (about 10 µs for the 8 KiB head). It was a
        // vectorised SearchValues search, a little faster in a long-running process, but its
        // generic code is compiled at run time: about 4 ms of a one-message door.
        var controls = 0;
        foreach (var b in bytes)
        {
            if (b < 0x20 || b == 0x7F)
            {
                if (b == 0)
                {
                    return false;
                }

                if (IsControl(b))
                {
                    controls++;
                }
            }
        }

        return controls * 100 <= bytes.Length;
    }

    private static bool IsControl(int c) =>
        (c < 0x20 && c is not ('\t' or '\n' or '\r' or '\f' or '\v' or 0x1B)) || c == 0x7F;

    private static bool IsUtf16Text(ReadOnlySpan<byte> bytes, bool littleEndian)
    {
        var units = bytes.Length / 2;
        var controls = 0;
        for (var i = 0; i < units; i++)
        {
            var unit = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * i)..]);
            if (unit == 0)
            {
                return false;
            }

            if (IsControl(unit))
            {
                controls++;
            }
        }

        return controls * 100 <= units;
    }

    /// <summary>
    /// UTF-16LE text without a BOM (some mailers send it): every odd byte NUL and every even byte
    /// printable ASCII or a line end, over at least 16 characters.
    /// </summary>
    private static bool LooksLikeUtf16LittleEndianWithoutMark(ReadOnlySpan<byte> head)
    {
        var units = head.Length / 2;
        if (units < 16)
        {
            return false;
        }

        for (var i = 0; i < units; i++)
        {
            var low = head[2 * i];
            if (head[(2 * i) + 1] != 0 || low == 0 || IsControl(low) || low >= 0x80)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool truncated)
    {
        if (Utf8.IsValid(bytes))
        {
            return true;
        }

        // The head may end inside a multi-byte sequence: forgive up to three trailing bytes.
        for (var cut = 1; truncated && cut <= 3 && cut < bytes.Length; cut++)
        {
            if (Utf8.IsValid(bytes[..^cut]))
            {
                return true;
            }
        }

        return false;
    }
}
