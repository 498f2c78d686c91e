using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// The one reader of a zip local header (PK\x03\x04): the member's method, sizes, name and extra
/// fields, and where its data starts. Used by the expander (<see cref="ZipArchiveReader"/>, for
/// members the directory lists and for those found by scanning) and by type detection.
/// </summary>
internal static class ZipLocalHeader
{
    /// <summary>
    /// Reads the local header at <paramref name="position"/>: false when there is none there or its
    /// data would start past the content.
    /// </summary>
    public static bool TryRead(Stream stream, long position, out long dataStart, out string? name)
    {
        var found = TryReadEntry(stream, position, out var entry, out dataStart);
        name = found ? entry.HeaderName : null;
        return found;
    }

    /// <summary>As <see cref="TryRead"/>, with every field of the header.</summary>
    public static bool TryReadEntry(Stream stream, long position, out ZipEntry entry, out long dataStart)
    {
        entry = new ZipEntry();
        dataStart = 0;
        Span<byte> header = stackalloc byte[ZipSignatures.LocalHeaderSize];
        if (position < 0 || !StreamReads.TryReadExactlyAt(stream, position, header) || !ZipSignatures.Is(header, 0, ZipSignatures.LocalHeader))
        {
            return false;
        }

        entry = Parse(stream, header, position, out _, out dataStart, readNames: true);
        return dataStart <= stream.Length;
    }

    /// <summary>
    /// The entry a local header describes. <paramref name="plausible"/> says whether it looks like a
    /// real header (a name, a known method and version, data inside the content) rather than the
    /// signature bytes by chance; names and extra fields are read when plausible or asked for.
    /// </summary>
    public static ZipEntry Parse(Stream stream, ReadOnlySpan<byte> header, long position, out bool plausible, out long dataStart, bool readNames = false)
    {
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
        var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        dataStart = position + ZipSignatures.LocalHeaderSize + nameLength + extraLength;
        plausible = nameLength > 0 && dataStart <= stream.Length && (version & 0xff) <= 100 && ZipEntry.MethodName(method) != "unknown";

        var entry = new ZipEntry
        {
            Flags = flags,
            Method = method,
            CompressedSize = compressed,
            UncompressedSize = uncompressed,
            LocalHeaderOffset = position,
        };
        if (!plausible && !readNames)
        {
            return entry;
        }

        var variable = ArrayPool<byte>.Shared.Rent(Math.Max(nameLength + extraLength, 1));
        try
        {
            var bytes = variable.AsSpan(0, nameLength + extraLength);
            if (StreamReads.TryReadExactlyAt(stream, position + ZipSignatures.LocalHeaderSize, bytes))
            {
                entry.HeaderName = ZipNames.Decode(bytes[..nameLength], (flags & ZipNames.Utf8Flag) != 0);
                ZipExtraFields.Apply(bytes[nameLength..], entry, ZipExtraFields.Overflows(uncompressed), ZipExtraFields.Overflows(compressed), offsetOverflow: false);
            }
            else if (StreamReads.TryReadExactlyAt(stream, position + ZipSignatures.LocalHeaderSize, bytes[..nameLength]))
            {
                // Extra field cut off by the end of the content: the name is still what a tool shows.
                entry.HeaderName = ZipNames.Decode(bytes[..nameLength], (flags & ZipNames.Utf8Flag) != 0);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(variable);
        }

        return entry;
    }
}
