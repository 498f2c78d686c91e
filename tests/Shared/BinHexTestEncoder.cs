using System.Text;

namespace Vigil.Testing;

/// <summary>
/// A small BinHex 4.0 writer for tests: header, data fork and resource fork with their
/// CRC-16/XMODEM values, 0x90 run-length compression, the 6-bit alphabet, 64-character lines.
/// </summary>
internal static class BinHexTestEncoder
{
    private const string Alphabet = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";

    public static string Encode(string name, byte[] data, byte[] resource, bool breakDataCrc = false)
    {
        var stream = new List<byte>();
        var header = new List<byte> { (byte)name.Length };
        header.AddRange(Encoding.ASCII.GetBytes(name));
        header.Add(0);
        header.AddRange("TEXT"u8.ToArray());
        header.AddRange("ttxt"u8.ToArray());
        header.AddRange(new byte[2]);
        header.AddRange(BigEndian((uint)data.Length));
        header.AddRange(BigEndian((uint)resource.Length));
        stream.AddRange(header);
        stream.AddRange(Crc(header));
        stream.AddRange(data);
        var dataCrc = Crc(data);
        if (breakDataCrc)
        {
            dataCrc[1] ^= 0x55;
        }

        stream.AddRange(dataCrc);
        stream.AddRange(resource);
        stream.AddRange(Crc(resource));

        var sixBit = SixBit(RunLength(stream));
        var text = new StringBuilder("(This file must be converted with BinHex 4.0)\r\n");
        var body = ":" + sixBit + ":";
        for (var i = 0; i < body.Length; i += 64)
        {
            text.Append(body, i, Math.Min(64, body.Length - i)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>CRC-16/XMODEM bit by bit, written apart from the decoder's table version.</summary>
    public static byte[] Crc(IEnumerable<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return [(byte)(crc >> 8), (byte)crc];
    }

    private static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static List<byte> RunLength(List<byte> input)
    {
        var output = new List<byte>();
        var i = 0;
        while (i < input.Count)
        {
            var b = input[i];
            var run = 1;
            while (i + run < input.Count && input[i + run] == b && run < 255)
            {
                run++;
            }

            output.Add(b);
            if (b == 0x90)
            {
                output.Add(0);
            }

            if (run >= 3)
            {
                output.Add(0x90);
                output.Add((byte)run);
                i += run;
            }
            else
            {
                i++;
            }
        }

        return output;
    }

    private static string SixBit(List<byte> bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < bytes.Count; i += 3)
        {
            var a = bytes[i];
            var b = i + 1 < bytes.Count ? bytes[i + 1] : 0;
            var c = i + 2 < bytes.Count ? bytes[i + 2] : 0;
            text.Append(Alphabet[a >> 2]).Append(Alphabet[((a << 4) | (b >> 4)) & 63]);
            if (i + 1 < bytes.Count)
            {
                text.Append(Alphabet[((b << 2) | (c >> 6)) & 63]);
            }

            if (i + 2 < bytes.Count)
            {
                text.Append(Alphabet[c & 63]);
            }
        }

        return text.ToString();
    }
}
