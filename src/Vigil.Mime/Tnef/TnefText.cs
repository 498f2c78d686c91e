using System.Buffers;
using System.Text;

namespace Vigil.Mime.Tnef;

/// <summary>Turns TNEF strings (8-bit in the message code page, or UTF-16LE) into .NET strings.</summary>
internal static class TnefText
{
    /// <summary>Longer names are cut: no client shows them whole and they only cost memory.</summary>
    public const int MaxStringBytes = 64 * 1024;

    public static Encoding DefaultEncoding { get; } = GetEncoding(1252);

    /// <summary>The encoding of a Windows code page; Latin-1 when the number is unknown.</summary>
    public static Encoding GetEncoding(int codePage)
    {
        if (codePage is <= 0 or > 65535)
        {
            return Encoding.Latin1;
        }

        var encoding = CodePagesEncodingProvider.Instance.GetEncoding(codePage);
        if (encoding is not null)
        {
            return encoding;
        }

        try
        {
            return Encoding.GetEncoding(codePage);
        }
        catch (ArgumentException)
        {
            return Encoding.Latin1;
        }
        catch (NotSupportedException)
        {
            return Encoding.Latin1;
        }
    }

    /// <summary>Reads a string value, stopping at the first NUL; "" when the range cannot be read.</summary>
    public static string Read(TnefStreamReader reader, ByteRange range, bool utf16, Encoding encoding)
    {
        var length = (int)Math.Min(range.Length, MaxStringBytes);
        if (length <= 0)
        {
            return "";
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!reader.TryRead(range.Offset, range.End, buffer.AsSpan(0, length)))
            {
                return "";
            }

            var bytes = buffer.AsSpan(0, length);
            if (utf16)
            {
                bytes = bytes[..(bytes.Length & ~1)];
                for (var i = 0; i + 1 < bytes.Length; i += 2)
                {
                    if (bytes[i] == 0 && bytes[i + 1] == 0)
                    {
                        bytes = bytes[..i];
                        break;
                    }
                }

                return Encoding.Unicode.GetString(bytes);
            }

            var nul = bytes.IndexOf((byte)0);
            if (nul >= 0)
            {
                bytes = bytes[..nul];
            }

            return encoding.GetString(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
