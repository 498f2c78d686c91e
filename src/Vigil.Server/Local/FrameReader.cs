using System.Buffers.Binary;
using System.Text;

namespace Vigil.Server.Local;

/// <summary>
/// Reads what <see cref="FrameWriter"/> wrote, from a body already read whole and bounded. Every
/// length and count is checked against the bytes left before anything is allocated: a lying
/// length is a <see cref="FrameFormatException"/>, never a big allocation or a read past the end.
/// </summary>
internal sealed class FrameReader(ReadOnlyMemory<byte> body)
{
    /// <summary>More items than this in one list is a malformed frame (10,000 recipients fit).</summary>
    public const int MaxCount = 100_000;

    private int _position;

    public bool AtEnd => _position == body.Length;

    public byte Byte()
    {
        Need(1);
        return body.Span[_position++];
    }

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new FrameFormatException($"a boolean of {b}"),
    };

    public bool? NullableBool() => Byte() switch
    {
        0 => false,
        1 => true,
        2 => null,
        var b => throw new FrameFormatException($"a boolean of {b}"),
    };

    public int Int32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadInt32BigEndian(body.Span[_position..]);
        _position += 4;
        return v;
    }

    public long Int64()
    {
        Need(8);
        var v = BinaryPrimitives.ReadInt64BigEndian(body.Span[_position..]);
        _position += 8;
        return v;
    }

    public ReadOnlyMemory<byte> Bytes()
    {
        var length = Int32();
        if (length < 0)
        {
            throw new FrameFormatException($"a length of {length}");
        }

        Need(length);
        var value = body.Slice(_position, length);
        _position += length;
        return value;
    }

    public string String()
    {
        try
        {
            return Strict.GetString(Bytes().Span);
        }
        catch (DecoderFallbackException)
        {
            throw new FrameFormatException("a string that is not UTF-8");
        }
    }

    public string? NullableString() => Bool() ? String() : null;

    public List<string> Strings()
    {
        var count = Count(4);
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(String());
        }

        return list;
    }

    public Dictionary<string, string> Map(StringComparer comparer)
    {
        var count = Count(8);
        var map = new Dictionary<string, string>(count, comparer);
        for (var i = 0; i < count; i++)
        {
            var key = String();
            map[key] = String();
        }

        return map;
    }

    /// <summary>A list count, each item at least <paramref name="minItemBytes"/> long.</summary>
    public int Count(int minItemBytes)
    {
        var count = Int32();
        if (count < 0 || count > MaxCount || (long)count * minItemBytes > body.Length - _position)
        {
            throw new FrameFormatException($"a count of {count}");
        }

        return count;
    }

    private void Need(int bytes)
    {
        if (bytes > body.Length - _position)
        {
            throw new FrameFormatException("a field past the end of the frame");
        }
    }

    private static readonly UTF8Encoding Strict = new(false, true);
}
