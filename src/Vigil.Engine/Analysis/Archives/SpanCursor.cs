using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Reads little-endian fields from a header in order. Reading past the end never throws: it
/// yields zeros and clears <see cref="Ok"/>, which the caller checks once at the end.
/// </summary>
internal ref struct SpanCursor
{
    private readonly ReadOnlySpan<byte> _data;

    public SpanCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
        Ok = true;
    }

    public int Position { get; private set; }

    public bool Ok { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public byte U8() => Take(1) is { Length: 1 } b ? b[0] : (byte)0;

    public ushort U16() => Take(2) is { Length: 2 } b ? BinaryPrimitives.ReadUInt16LittleEndian(b) : (ushort)0;

    public uint U32() => Take(4) is { Length: 4 } b ? BinaryPrimitives.ReadUInt32LittleEndian(b) : 0u;

    /// <summary>RAR 5 variable-length integer: 7 bits per byte, low first, high bit set on all but the last.</summary>
    public ulong Vint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = U8();
            if (!Ok)
            {
                return 0;
            }

            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        Ok = false;
        return 0;
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            Ok = false;
            Position = _data.Length;
            return [];
        }

        var slice = _data.Slice(Position, count);
        Position += count;
        return slice;
    }
}
