using System.Buffers.Binary;
using System.Text;

namespace Vigil.Engine.Tests.Scanners.Payloads;

/// <summary>
/// The smallest winmail.dat that carries a file (MS-OXTNEF): signature and key, then one
/// attachment as attAttachRenddata (which opens it), attAttachTitle and attAttachData, each
/// attribute with its level, tag, length and 16-bit checksum.
/// </summary>
internal static class PayloadTnef
{
    private const byte LevelAttachment = 2;

    // Attribute tags: type in the high word, id in the low word.
    private const uint AttAttachRenddata = 0x00069002;
    private const uint AttAttachTitle = 0x00018010;
    private const uint AttAttachData = 0x0006800F;

    public static byte[] WithAttachment(string title, byte[] data)
    {
        using var s = new MemoryStream();
        Span<byte> start = stackalloc byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(start, 0x223E9F78);
        BinaryPrimitives.WriteUInt16LittleEndian(start[4..], 0x0001);
        s.Write(start);
        Attribute(s, AttAttachRenddata, new byte[14]);
        Attribute(s, AttAttachTitle, [.. Encoding.ASCII.GetBytes(title), 0]);
        Attribute(s, AttAttachData, data);
        return s.ToArray();
    }

    private static void Attribute(Stream s, uint tag, byte[] data)
    {
        Span<byte> header = stackalloc byte[9];
        header[0] = LevelAttachment;
        BinaryPrimitives.WriteUInt32LittleEndian(header[1..], tag);
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], (uint)data.Length);
        s.Write(header);
        s.Write(data);
        var sum = 0;
        foreach (var b in data)
        {
            sum += b;
        }

        Span<byte> checksum = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(checksum, (ushort)sum);
        s.Write(checksum);
    }
}
