using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>The one reader of a zip local header (PK\x03\x04): where the member's data starts and the name it gives.</summary>
internal static class ZipLocalHeader
{
    /// <summary>
    /// Reads the local header at <paramref name="position"/>: false when there is none there or its
    /// data would start past the content.
    /// </summary>
    public static bool TryRead(Stream stream, long position, out long dataStart, out string? name)
    {
        dataStart = 0;
        name = null;
        Span<byte> header = stackalloc byte[ZipSignatures.LocalHeaderSize];
        if (position < 0 || !StreamReads.TryReadExactlyAt(stream, position, header) || !ZipSignatures.Is(header, 0, ZipSignatures.LocalHeader))
        {
            return false;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        dataStart = position + ZipSignatures.LocalHeaderSize + nameLength + extraLength;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(nameLength, 1));
        try
        {
            var nameBytes = buffer.AsSpan(0, nameLength);
            if (StreamReads.TryReadExactlyAt(stream, position + ZipSignatures.LocalHeaderSize, nameBytes))
            {
                name = ZipNames.Decode(nameBytes, (flags & ZipNames.Utf8Flag) != 0);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return dataStart <= stream.Length;
    }
}
