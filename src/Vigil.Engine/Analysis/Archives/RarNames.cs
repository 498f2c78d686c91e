using System.Text;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>File names of RAR 4 headers.</summary>
internal static class RarNames
{
    /// <summary>
    /// A RAR 4 name with the unicode flag: "oem-name\0packed-unicode", where the packed part
    /// rebuilds UTF-16 from the OEM bytes plus per-character corrections (format described in
    /// the RAR technical notes). Without the NUL the field is UTF-8.
    /// </summary>
    public static string DecodeUnicode(ReadOnlySpan<byte> field)
    {
        var nul = field.IndexOf((byte)0);
        if (nul < 0)
        {
            return Encoding.UTF8.GetString(field);
        }

        var oem = field[..nul];
        var packed = field[(nul + 1)..];
        if (packed.IsEmpty)
        {
            return ZipNames.DecodeGuessing(oem);
        }

        // The decoded name is never longer than the field that carries it.
        var maxLength = Math.Min(field.Length, 1024);
        Span<char> output = stackalloc char[maxLength];
        var outLength = 0;
        var high = packed[0];
        var position = 1;
        var flags = 0;
        var flagBits = 0;
        while (position < packed.Length && outLength < maxLength)
        {
            if (flagBits == 0)
            {
                flags = packed[position++];
                flagBits = 8;
                if (position >= packed.Length)
                {
                    break;
                }
            }

            switch (flags >> 6)
            {
                case 0:
                    output[outLength++] = (char)packed[position++];
                    break;
                case 1:
                    output[outLength++] = (char)(packed[position++] | (high << 8));
                    break;
                case 2:
                    if (position + 1 >= packed.Length)
                    {
                        position = packed.Length;
                        break;
                    }

                    output[outLength++] = (char)(packed[position] | (packed[position + 1] << 8));
                    position += 2;
                    break;
                default:
                    var run = packed[position++];
                    if ((run & 0x80) != 0)
                    {
                        if (position >= packed.Length)
                        {
                            break;
                        }

                        var correction = packed[position++];
                        for (var n = (run & 0x7f) + 2; n > 0 && outLength < maxLength && outLength < oem.Length; n--, outLength++)
                        {
                            output[outLength] = (char)(((oem[outLength] + correction) & 0xff) | (high << 8));
                        }
                    }
                    else
                    {
                        for (var n = run + 2; n > 0 && outLength < maxLength && outLength < oem.Length; n--, outLength++)
                        {
                            output[outLength] = (char)oem[outLength];
                        }
                    }

                    break;
            }

            flags = (flags << 2) & 0xff;
            flagBits -= 2;
        }

        return outLength == 0 ? ZipNames.DecodeGuessing(oem) : new string(output[..outLength]);
    }
}
