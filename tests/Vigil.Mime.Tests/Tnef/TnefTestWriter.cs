using System.Buffers.Binary;

namespace Vigil.Mime.Tests.Tnef;

/// <summary>Builds small TNEF streams for tests: attributes with correct checksums, MAPI property lists.</summary>
internal sealed class TnefTestWriter
{
    public static readonly byte[] IidIMessage =
        [0x07, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    private readonly MemoryStream _stream = new();

    public TnefTestWriter()
    {
        _stream.Write([0x78, 0x9F, 0x3E, 0x22, 0x01, 0x00]);
    }

    public TnefTestWriter Attribute(byte level, uint tag, byte[] data, int checksumDelta = 0)
    {
        Span<byte> header = stackalloc byte[9];
        header[0] = level;
        BinaryPrimitives.WriteUInt32LittleEndian(header[1..], tag);
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], (uint)data.Length);
        _stream.Write(header);
        _stream.Write(data);
        var sum = 0;
        foreach (var b in data)
        {
            sum += b;
        }

        Span<byte> checksum = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(checksum, (ushort)(sum + checksumDelta));
        _stream.Write(checksum);
        return this;
    }

    public TnefTestWriter Raw(byte[] bytes)
    {
        _stream.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _stream.ToArray();

    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A MAPI property list of (type, id, value) where value is already encoded.</summary>
    public static byte[] Properties(params (ushort Type, ushort Id, byte[] Value)[] properties)
    {
        using var s = new MemoryStream();
        s.Write(UInt32((uint)properties.Length));
        foreach (var (type, id, value) in properties)
        {
            s.Write(UInt32(((uint)id << 16) | type));
            s.Write(value);
        }

        return s.ToArray();
    }

    /// <summary>A variable-length value: count 1, length, bytes, padding.</summary>
    public static byte[] Variable(byte[] data)
    {
        using var s = new MemoryStream();
        s.Write(UInt32(1));
        s.Write(UInt32((uint)data.Length));
        s.Write(data);
        s.Write(new byte[(4 - (data.Length % 4)) % 4]);
        return s.ToArray();
    }
}
