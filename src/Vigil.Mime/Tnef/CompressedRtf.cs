using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Mime.Tnef;

/// <summary>
/// Decoder for PR_RTF_COMPRESSED (MS-OXRTFCP): a 16-byte header (compressed size, raw size, type,
/// CRC) then either stored RTF ("MELA") or LZFu: control bytes whose bits, low bit first, say
/// whether the next item is a literal byte or a 2-byte reference (12-bit offset, 4-bit length - 2)
/// into a 4 KB ring dictionary pre-filled with common RTF text.
/// </summary>
internal static class CompressedRtf
{
    private const uint TypeCompressed = 0x75465A4C; // "LZFu"
    private const uint TypeStored = 0x414C454D; // "MELA"
    private const int HeaderSize = 16;
    private const int DictionarySize = 4096;

    private static readonly byte[] Prefill = Encoding.ASCII.GetBytes(
        "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx");

    /// <summary>Length of the dictionary pre-fill (207 bytes).</summary>
    public static int PrefillLength => Prefill.Length;

    /// <summary>
    /// Decodes <paramref name="range"/>, handing output in chunks to <paramref name="write"/>, which
    /// returns false to stop (budget spent). Returns false when the data is not compressed RTF or
    /// ends early; what was decoded until then has been written.
    /// </summary>
    public static bool Decode(TnefStreamReader reader, ByteRange range, Func<ReadOnlySpan<byte>, bool> write)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        if (!reader.TryRead(range.Offset, range.End, header))
        {
            return false;
        }

        var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var rawSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var type = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);

        // The compressed size counts everything after its own field.
        var end = Math.Min(range.End, range.Offset + 4 + (long)compressedSize);
        var input = new ChunkedInput(reader, range.Offset + HeaderSize, end);
        try
        {
            return type switch
            {
                TypeStored => CopyStored(input, rawSize, write),
                TypeCompressed => Decompress(input, rawSize, write),
                _ => false,
            };
        }
        finally
        {
            input.Dispose();
        }
    }

    private static bool CopyStored(ChunkedInput input, uint rawSize, Func<ReadOnlySpan<byte>, bool> write)
    {
        long left = rawSize;
        while (left > 0)
        {
            var chunk = input.Next((int)Math.Min(left, TnefStreamReader.ChunkSize));
            if (chunk.IsEmpty)
            {
                return false;
            }

            if (!write(chunk))
            {
                return true;
            }

            left -= chunk.Length;
        }

        return true;
    }

    private static bool Decompress(ChunkedInput input, uint rawSize, Func<ReadOnlySpan<byte>, bool> write)
    {
        var dictionary = ArrayPool<byte>.Shared.Rent(DictionarySize);
        var output = ArrayPool<byte>.Shared.Rent(TnefStreamReader.ChunkSize);
        try
        {
            Prefill.CopyTo(dictionary, 0);
            var writePos = Prefill.Length;
            var outLength = 0;
            long produced = 0;

            while (produced < rawSize)
            {
                if (!input.TryReadByte(out var control))
                {
                    Flush(write, output, outLength);
                    return false;
                }

                for (var bit = 0; bit < 8 && produced < rawSize; bit++)
                {
                    if (outLength > output.Length - 32)
                    {
                        if (!write(output.AsSpan(0, outLength)))
                        {
                            return true;
                        }

                        outLength = 0;
                    }

                    if ((control & (1 << bit)) == 0)
                    {
                        if (!input.TryReadByte(out var literal))
                        {
                            Flush(write, output, outLength);
                            return false;
                        }

                        output[outLength++] = literal;
                        dictionary[writePos] = literal;
                        writePos = (writePos + 1) & (DictionarySize - 1);
                        produced++;
                        continue;
                    }

                    if (!input.TryReadByte(out var high) || !input.TryReadByte(out var low))
                    {
                        Flush(write, output, outLength);
                        return false;
                    }

                    var offset = (high << 4) | (low >> 4);
                    var length = (low & 0x0F) + 2;
                    if (offset == writePos)
                    {
                        // A reference to the write position marks the end of the data.
                        Flush(write, output, outLength);
                        return true;
                    }

                    for (var i = 0; i < length && produced < rawSize; i++)
                    {
                        var b = dictionary[(offset + i) & (DictionarySize - 1)];
                        output[outLength++] = b;
                        dictionary[writePos] = b;
                        writePos = (writePos + 1) & (DictionarySize - 1);
                        produced++;
                    }
                }
            }

            Flush(write, output, outLength);

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(dictionary);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private static void Flush(Func<ReadOnlySpan<byte>, bool> write, byte[] output, int length)
    {
        if (length > 0)
        {
            write(output.AsSpan(0, length));
        }
    }

    /// <summary>Buffered sequential reads of a range through the bounded reader.</summary>
    private sealed class ChunkedInput(TnefStreamReader reader, long start, long end) : IDisposable
    {
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(TnefStreamReader.ChunkSize);
        private long _next = start;
        private int _index;
        private int _count;

        public bool TryReadByte(out byte value)
        {
            if (_index == _count && !Fill())
            {
                value = 0;
                return false;
            }

            value = _buffer[_index++];
            return true;
        }

        /// <summary>Up to <paramref name="max"/> bytes; empty at the end.</summary>
        public ReadOnlySpan<byte> Next(int max)
        {
            if (_index == _count && !Fill())
            {
                return [];
            }

            var n = Math.Min(max, _count - _index);
            var span = _buffer.AsSpan(_index, n);
            _index += n;
            return span;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

        private bool Fill()
        {
            var n = (int)Math.Min(_buffer.Length, end - _next);
            if (n <= 0 || !reader.TryRead(_next, end, _buffer.AsSpan(0, n)))
            {
                return false;
            }

            _next += n;
            _index = 0;
            _count = n;
            return true;
        }
    }
}
