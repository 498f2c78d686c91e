using System.Buffers.Binary;
using System.Text;

namespace Vigil.Server.Local;

/// <summary>
/// Writes the fields of a local-socket frame body: integers big-endian, a string as a 4-byte
/// length and UTF-8, a nullable value behind a presence byte, a list as a 4-byte count.
/// </summary>
internal sealed class FrameWriter
{
    private readonly MemoryStream _buffer = new();

    public int Length => (int)_buffer.Length;

    public void Byte(byte value) => _buffer.WriteByte(value);

    public void Bool(bool value) => _buffer.WriteByte(value ? (byte)1 : (byte)0);

    public void NullableBool(bool? value) => _buffer.WriteByte(value switch { null => 2, true => 1, false => 0 });

    public void Int32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        _buffer.Write(b);
    }

    public void Int64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        _buffer.Write(b);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Int32(value.Length);
        _buffer.Write(value);
    }

    public void String(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    public void NullableString(string? value)
    {
        Bool(value is not null);
        if (value is not null)
        {
            String(value);
        }
    }

    public void Strings(IReadOnlyCollection<string> values)
    {
        Int32(values.Count);
        foreach (var v in values)
        {
            String(v);
        }
    }

    public void Map(IEnumerable<KeyValuePair<string, string>> values)
    {
        var list = values.ToList();
        Int32(list.Count);
        foreach (var (k, v) in list)
        {
            String(k);
            String(v);
        }
    }

    public byte[] ToArray() => _buffer.ToArray();
}
