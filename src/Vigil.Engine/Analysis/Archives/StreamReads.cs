namespace Vigil.Engine.Analysis.Archives;

/// <summary>Positioned reads over the seekable content stream of an archive.</summary>
internal static class StreamReads
{
    /// <summary>Reads as much of <paramref name="buffer"/> as the stream holds from <paramref name="position"/>; returns the count.</summary>
    public static int ReadAt(Stream stream, long position, Span<byte> buffer)
    {
        if (position < 0 || position >= stream.Length)
        {
            return 0;
        }

        stream.Position = position;
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>True when the whole of <paramref name="buffer"/> could be read at <paramref name="position"/>.</summary>
    public static bool TryReadExactlyAt(Stream stream, long position, Span<byte> buffer) =>
        ReadAt(stream, position, buffer) == buffer.Length;
}
