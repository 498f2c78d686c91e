using System.Buffers.Text;

namespace Vigil.Mime.Embedded;

/// <summary>
/// The "key=value" fields of a yEnc keyword line ("=ybegin", "=ypart", "=yend"). By the yEnc
/// spec "name=" is the last field and runs to the end of the line, blanks included.
/// </summary>
internal static class YEncKeywordLine
{
    /// <summary>The value of <paramref name="key"/> ("size="), up to the next blank; empty when absent.</summary>
    public static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key)
    {
        var at = FindKey(line, key);
        if (at < 0)
        {
            return default;
        }

        var value = line[(at + key.Length)..];
        var blank = value.IndexOfAny((byte)' ', (byte)'\t');
        return blank < 0 ? value : value[..blank];
    }

    /// <summary>The "name=" value: the rest of the line.</summary>
    public static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> line)
    {
        var at = FindKey(line, "name="u8);
        return at < 0 ? default : line[(at + 5)..];
    }

    public static long? Number(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key) =>
        Utf8Parser.TryParse(Field(line, key), out long value, out var consumed) && consumed > 0 ? value : null;

    public static uint? Hex(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key)
    {
        var text = Field(line, key);
        if (text.Length > 8)
        {
            // Some encoders write the crc with leading zeros beyond eight digits.
            text = text[^8..];
        }

        return Utf8Parser.TryParse(text, out uint value, out var consumed, 'x') && consumed == text.Length && consumed > 0 ? value : null;
    }

    /// <summary>Where <paramref name="key"/> starts as a field (at a blank boundary), or -1.</summary>
    private static int FindKey(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key)
    {
        var offset = 0;
        while (offset < line.Length)
        {
            var at = line[offset..].IndexOf(key);
            if (at < 0)
            {
                return -1;
            }

            at += offset;
            if (at == 0 || line[at - 1] is (byte)' ' or (byte)'\t')
            {
                // Fields before "name=" cannot contain it, so the first boundary hit is the field.
                return at;
            }

            offset = at + 1;
        }

        return -1;
    }
}
