using System.Buffers.Binary;
using System.Text;

namespace Vigil.Engine.Tests.Archives;

/// <summary>
/// Minimal RAR archives written by hand from the published block layouts. CRCs are left zero:
/// the reader lists, it does not verify.
/// </summary>
internal static class RarTestData
{
    public static readonly byte[] Rar4Signature = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00];
    public static readonly byte[] Rar5Signature = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00];

    public static byte[] Rar4(bool encryptedHeaders = false, params Rar4File[] files)
    {
        var output = new MemoryStream();
        output.Write(Rar4Signature);

        // Main header: base 7 bytes + 6 reserved.
        var main = new byte[13];
        main[2] = 0x73;
        BinaryPrimitives.WriteUInt16LittleEndian(main.AsSpan(3), (ushort)(encryptedHeaders ? 0x0080 : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(main.AsSpan(5), 13);
        output.Write(main);
        foreach (var f in files)
        {
            output.Write(Rar4FileHeader(f));
            output.Write(f.Data);
        }

        var end = new byte[7];
        end[2] = 0x7b;
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(3), 0x4000);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(5), 7);
        output.Write(end);
        return output.ToArray();
    }

    public static byte[] Rar5(bool encryptedHeaders = false, params Rar5File[] files)
    {
        var output = new MemoryStream();
        output.Write(Rar5Signature);
        if (encryptedHeaders)
        {
            // Encryption header: version 0, flags 0, KDF count, 16-byte salt.
            output.Write(Block([.. Vint(4), .. Vint(0), .. Vint(0), .. Vint(0), 15, .. new byte[16]]));
            output.Write(new byte[64]); // what follows is ciphertext
            return output.ToArray();
        }

        output.Write(Block([.. Vint(1), .. Vint(0), .. Vint(0)]));
        foreach (var f in files)
        {
            var name = Encoding.UTF8.GetBytes(f.Name);
            byte[] extra = f.Encrypted
                ? [.. Vint(1 + 1 + 1 + 1 + 16 + 16), .. Vint(1), .. Vint(0), .. Vint(0), 15, .. new byte[32]]
                : [];
            var flags = 0x02 | (extra.Length > 0 ? 0x01 : 0);
            byte[] body =
            [
                .. Vint((ulong)f.Data.Length), // data size
                .. Vint(f.Directory ? 1UL : 0UL), // file flags
                .. Vint((ulong)f.UnpackedSize),
                .. Vint(0x20), // attributes
                .. Vint((ulong)f.Method << 7), // compression information
                .. Vint(0), // host OS
                .. Vint((ulong)name.Length),
                .. name,
                .. extra,
            ];
            byte[] head = extra.Length > 0
                ? [.. Vint(2), .. Vint((ulong)flags), .. Vint((ulong)extra.Length), .. body]
                : [.. Vint(2), .. Vint((ulong)flags), .. body];
            output.Write(Block(head));
            output.Write(f.Data);
        }

        output.Write(Block([.. Vint(5), .. Vint(0), .. Vint(0)]));
        return output.ToArray();
    }

    public static byte[] Vint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    /// <summary>The RAR 4 "unicode" name field: OEM name, NUL, then a packed form that here stores every UTF-16 unit whole.</summary>
    public static byte[] Rar4UnicodeName(string oem, string unicode)
    {
        var packed = new List<byte> { 0 }; // high byte (unused with 16-bit units)
        for (var i = 0; i < unicode.Length; i += 4)
        {
            var chunk = unicode.Substring(i, Math.Min(4, unicode.Length - i));
            packed.Add(0xaa); // four "2" codes (binary 10): a whole two-byte unit each
            foreach (var c in chunk)
            {
                packed.Add((byte)(c & 0xff));
                packed.Add((byte)(c >> 8));
            }
        }

        return [.. Encoding.ASCII.GetBytes(oem), 0, .. packed];
    }

    private static byte[] Rar4FileHeader(Rar4File f)
    {
        var header = new byte[32 + f.NameBytes.Length];
        header[2] = 0x74;
        var flags = (ushort)(0x8000 | (f.Encrypted ? 0x0004 : 0) | (f.Unicode ? 0x0200 : 0) | (f.Directory ? 0x00e0 : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(5), (ushort)header.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(7), (uint)f.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(11), (uint)f.UnpackedSize);
        header[15] = 2; // Win32
        header[24] = 29;
        header[25] = f.Method;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)f.NameBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), 0x20);
        f.NameBytes.CopyTo(header, 32);
        return header;
    }

    /// <summary>CRC32 placeholder, vint header size, header.</summary>
    private static byte[] Block(byte[] header) => [0, 0, 0, 0, .. Vint((ulong)header.Length), .. header];
}

internal sealed record Rar4File(byte[] NameBytes, byte[] Data, long UnpackedSize, byte Method = 0x30, bool Encrypted = false, bool Unicode = false, bool Directory = false)
{
    public static Rar4File Stored(string name, string text) =>
        new(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(text), text.Length);
}

internal sealed record Rar5File(string Name, byte[] Data, long UnpackedSize, int Method = 0, bool Encrypted = false, bool Directory = false)
{
    public static Rar5File Stored(string name, string text) =>
        new(name, Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetByteCount(text));
}
