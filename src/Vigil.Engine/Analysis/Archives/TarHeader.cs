using System.Globalization;
using System.Text;
using Vigil.Mime.Parsing;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Fields of one 512-byte tar header (v7, ustar, GNU), read without trusting any of them: numbers
/// that do not parse come back negative.
/// </summary>
internal static class TarHeader
{
    public const int BlockSize = 512;

    public const byte TypeRegular = (byte)'0';
    public const byte TypeRegularOld = 0;
    public const byte TypeContiguous = (byte)'7';
    public const byte TypeGnuLongName = (byte)'L';
    public const byte TypePaxLocal = (byte)'x';

    /// <summary>The ustar magic at offset 257 ("ustar\0" POSIX, "ustar  \0" GNU).</summary>
    public static bool HasUstarMagic(ReadOnlySpan<byte> header) =>
        header.Length >= BlockSize && header.Slice(257, 5).SequenceEqual("ustar"u8);

    /// <summary>True when the stored checksum matches the header (either signed or unsigned byte sum, as old tars differ).</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        if (header.Length < BlockSize)
        {
            return false;
        }

        var stored = ParseOctal(header.Slice(148, 8));
        if (stored < 0)
        {
            return false;
        }

        long unsignedSum = 0;
        long signedSum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : header[i];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return stored == unsignedSum || stored == signedSum;
    }

    public static bool IsZeroBlock(ReadOnlySpan<byte> header) => header.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>The member size: octal text, or GNU base-256 when the high bit of the first byte is set.</summary>
    public static long Size(ReadOnlySpan<byte> header)
    {
        var field = header.Slice(124, 12);
        if ((field[0] & 0x80) == 0)
        {
            return ParseOctal(field);
        }

        // Base-256: a negative or oversized value is no size at all.
        if ((field[0] & 0x40) != 0)
        {
            return -1;
        }

        long value = field[0] & 0x3f;
        for (var i = 1; i < field.Length; i++)
        {
            if (value > (long.MaxValue >> 8))
            {
                return -1;
            }

            value = (value << 8) | field[i];
        }

        return value;
    }

    /// <summary>The path: the ustar prefix (when present) joined to the name.</summary>
    public static string Name(ReadOnlySpan<byte> header)
    {
        var name = ZipNames.DecodeGuessing(CString(header[..100]));
        if (!HasUstarMagic(header))
        {
            return name;
        }

        // GNU tar keeps other data where ustar has the prefix; its magic has a space after "ustar".
        if (header[262] != 0)
        {
            return name;
        }

        var prefix = CString(header.Slice(345, 155));
        return prefix.IsEmpty ? name : ZipNames.DecodeGuessing(prefix) + "/" + name;
    }

    /// <summary>The "path" record of a pax extended header, if any ("len path=value\n" records).</summary>
    public static string? PaxPath(ReadOnlySpan<byte> data)
    {
        string? path = null;
        while (!data.IsEmpty)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], out var length) || length <= space + 1 || length > data.Length)
            {
                break;
            }

            var record = data[(space + 1)..length];
            if (record.StartsWith("path="u8))
            {
                var value = record[5..];
                if (!value.IsEmpty && value[^1] == (byte)'\n')
                {
                    value = value[..^1];
                }

                path = Encoding.UTF8.GetString(value);
            }

            data = data[length..];
        }

        return path;
    }

    public static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end < 0 ? field : field[..end];
    }

    /// <summary>Octal digits, surrounded by spaces or NULs; -1 when anything else appears.</summary>
    public static long ParseOctal(ReadOnlySpan<byte> field)
    {
        var trimmed = CString(field).Trim(" "u8);
        if (trimmed.IsEmpty)
        {
            return 0;
        }

        long value = 0;
        foreach (var b in trimmed)
        {
            if (b is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3))
            {
                return -1;
            }

            value = (value << 3) | (long)(b - '0');
        }

        return value;
    }
}
