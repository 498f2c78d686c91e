using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Mime.Tnef;

/// <summary>
/// Little-endian reads at explicit offsets of a seekable stream. Every read names the end of the
/// structure it belongs to and fails (returns false) rather than cross it, so a length field from
/// the file can never make us read or allocate past what is really there.
/// </summary>
internal sealed class TnefStreamReader(Stream stream)
{
    public const int ChunkSize = 64 * 1024;

    private readonly byte[] _small = new byte[16];

    public long Length { get; } = stream.Length;

    public bool TryReadByte(long offset, long end, out byte value)
    {
        value = 0;
        if (!TryRead(offset, end, _small.AsSpan(0, 1)))
        {
            return false;
        }

        value = _small[0];
        return true;
    }

    public bool TryReadUInt16(long offset, long end, out ushort value)
    {
        value = 0;
        if (!TryRead(offset, end, _small.AsSpan(0, 2)))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16LittleEndian(_small);
        return true;
    }

    public bool TryReadUInt32(long offset, long end, out uint value)
    {
        value = 0;
        if (!TryRead(offset, end, _small.AsSpan(0, 4)))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_small);
        return true;
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; false if that would pass <paramref name="end"/> or the stream.</summary>
    public bool TryRead(long offset, long end, Span<byte> destination)
    {
        end = Math.Min(end, Length);
        if (offset < 0 || offset > end || destination.Length > end - offset)
        {
            return false;
        }

        stream.Position = offset;
        var filled = 0;
        while (filled < destination.Length)
        {
            var n = stream.Read(destination[filled..]);
            if (n <= 0)
            {
                return false;
            }

            filled += n;
        }

        return true;
    }

    /// <summary>Sum of the bytes of a range modulo 65536, the TNEF attribute checksum.</summary>
    public ushort Checksum(ByteRange range)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            uint sum = 0;
            var offset = range.Offset;
            while (offset < range.End)
            {
                var n = (int)Math.Min(ChunkSize, range.End - offset);
                if (!TryRead(offset, range.End, buffer.AsSpan(0, n)))
                {
                    break;
                }

                foreach (var b in buffer.AsSpan(0, n))
                {
                    sum += b;
                }

                offset += n;
            }

            return (ushort)sum;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>True when two ranges hold the same bytes.</summary>
    public bool SameBytes(ByteRange a, ByteRange b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var left = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var right = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long done = 0; done < a.Length;)
            {
                var n = (int)Math.Min(ChunkSize, a.Length - done);
                if (!TryRead(a.Offset + done, a.End, left.AsSpan(0, n)) ||
                    !TryRead(b.Offset + done, b.End, right.AsSpan(0, n)))
                {
                    return false;
                }

                if (!left.AsSpan(0, n).SequenceEqual(right.AsSpan(0, n)))
                {
                    return false;
                }

                done += n;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(left);
            ArrayPool<byte>.Shared.Return(right);
        }
    }
}
