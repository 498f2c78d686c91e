namespace Vigil.Mime.Embedded;

/// <summary>
/// Recognises "begin NNN name" (classic uuencode) and "begin-base64 NNN name" (GNU uuencode -m)
/// at the start of a line. The mode is 1 to 4 octal digits; the name is the rest of the line.
/// </summary>
internal static class UuencodeBeginLine
{
    public static bool TryParse(ReadOnlySpan<byte> line, out bool isBase64, out ReadOnlySpan<byte> name)
    {
        isBase64 = false;
        name = default;
        ReadOnlySpan<byte> rest;
        if (line.StartsWith("begin "u8))
        {
            rest = line[6..];
        }
        else if (line.StartsWith("begin-base64 "u8))
        {
            rest = line[13..];
            isBase64 = true;
        }
        else
        {
            return false;
        }

        var digits = 0;
        while (digits < rest.Length && rest[digits] is >= (byte)'0' and <= (byte)'7')
        {
            digits++;
        }

        if (digits is 0 or > 4 || digits >= rest.Length || rest[digits] != (byte)' ')
        {
            return false;
        }

        name = rest[(digits + 1)..];
        return true;
    }
}
