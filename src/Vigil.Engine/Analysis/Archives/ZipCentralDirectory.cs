using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Walks a zip's central directory entry by entry: the one reader of PK\x01\x02 records, used by
/// the expander (<see cref="ZipArchiveReader"/>) and by type detection (Types/ZipInspector), so
/// both see the same entries under the same names.
/// </summary>
internal sealed class ZipCentralDirectory(Stream stream, ZipDirectory directory) : IDisposable
{
    private readonly byte[] _variable = ArrayPool<byte>.Shared.Rent(2 * ushort.MaxValue);
    private readonly long _end = Math.Min(directory.End, stream.Length);
    private long _position = directory.Start;

    public enum Step
    {
        /// <summary>An entry was read and the walk moved past it.</summary>
        Entry,

        /// <summary>The directory ended.</summary>
        End,

        /// <summary>No central header where one should be.</summary>
        Damaged,

        /// <summary>A header whose name or extra field runs past the content.</summary>
        Truncated,
    }

    /// <summary>Where the next entry is read from (for messages).</summary>
    public long Position => _position;

    /// <summary>
    /// Reads the next entry. Its local header is at <see cref="ZipEntry.LocalHeaderOffset"/> plus
    /// the directory's bias (see <see cref="LocalHeaderPosition"/>). Every step advances by at
    /// least a header, so the walk ends with the directory.
    /// </summary>
    public Step Next(out ZipEntry entry)
    {
        entry = new ZipEntry();
        if (_position + ZipSignatures.CentralHeaderSize > _end)
        {
            return Step.End;
        }

        Span<byte> header = stackalloc byte[ZipSignatures.CentralHeaderSize];
        if (!StreamReads.TryReadExactlyAt(stream, _position, header) || !ZipSignatures.Is(header, 0, ZipSignatures.CentralHeader))
        {
            return Step.Damaged;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        var localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        var names = _variable.AsSpan(0, nameLength + extraLength);
        if (!StreamReads.TryReadExactlyAt(stream, _position + ZipSignatures.CentralHeaderSize, names))
        {
            return Step.Truncated;
        }

        entry.Flags = flags;
        entry.Method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        entry.CompressedSize = compressed;
        entry.UncompressedSize = uncompressed;
        entry.LocalHeaderOffset = localOffset;
        entry.HeaderName = ZipNames.Decode(names[..nameLength], (flags & ZipNames.Utf8Flag) != 0);
        ZipExtraFields.Apply(
            names[nameLength..],
            entry,
            ZipExtraFields.Overflows(uncompressed),
            ZipExtraFields.Overflows(compressed),
            ZipExtraFields.Overflows(localOffset));
        _position += ZipSignatures.CentralHeaderSize + nameLength + extraLength + commentLength;
        return Step.Entry;
    }

    /// <summary>Where <paramref name="entry"/>'s local header really is, or -1 when the offset points before the content.</summary>
    public long LocalHeaderPosition(ZipEntry entry)
    {
        var local = entry.LocalHeaderOffset + directory.Bias;
        return local < 0 ? -1 : local;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_variable);
}
