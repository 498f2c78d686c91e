using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Finds a zip's central directory from its end: the end-of-central-directory record (searched
/// back from the end over the longest possible comment), the zip64 locator and record when the
/// classic fields overflow, and the shift of every offset when data was prepended.
/// </summary>
internal static class ZipLocator
{
    public static bool TryLocate(Stream stream, out ZipDirectory directory)
    {
        directory = default;
        var length = stream.Length;
        if (length < ZipSignatures.EndOfDirectorySize)
        {
            return false;
        }

        var tailLength = (int)Math.Min(length, ZipSignatures.MaxEndSearch);
        var tailStart = length - tailLength;
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        try
        {
            var span = tail.AsSpan(0, StreamReads.ReadAt(stream, tailStart, tail.AsSpan(0, tailLength)));
            var at = FindEndRecord(span);
            if (at < 0)
            {
                return false;
            }

            var end = span.Slice(at, ZipSignatures.EndOfDirectorySize);
            long entries = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(end[12..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
            var endPosition = tailStart + at;

            // The directory ends where the end record (or the zip64 record) begins.
            var directoryEnd = endPosition;
            var zip64 = false;
            if (TryReadZip64(stream, endPosition, out var z64Position, out var z64Entries, out var z64Size, out var z64Offset))
            {
                zip64 = true;
                entries = z64Entries;
                size = z64Size;
                offset = z64Offset;
                directoryEnd = z64Position;
            }

            if (size < 0 || size > directoryEnd)
            {
                size = 0;
            }

            directory = new ZipDirectory(directoryEnd - size, directoryEnd, 0, entries, zip64);
            if (size == 0)
            {
                return true;
            }

            Span<byte> signature = stackalloc byte[4];
            if (offset >= 0 && offset <= length - 4 && StreamReads.TryReadExactlyAt(stream, offset, signature)
                && ZipSignatures.Is(signature, 0, ZipSignatures.CentralHeader) && offset == directoryEnd - size)
            {
                return true;
            }

            // Prepended data: trust where the directory must be, and shift every recorded offset.
            var actual = directoryEnd - size;
            if (StreamReads.TryReadExactlyAt(stream, actual, signature) && ZipSignatures.Is(signature, 0, ZipSignatures.CentralHeader))
            {
                directory = directory with { Bias = actual - offset };
                return true;
            }

            // Declared offset holds a directory though the size disagrees: read from there.
            if (offset >= 0 && offset < directoryEnd && StreamReads.TryReadExactlyAt(stream, offset, signature)
                && ZipSignatures.Is(signature, 0, ZipSignatures.CentralHeader))
            {
                directory = directory with { Start = offset };
                return true;
            }

            directory = directory with { Start = directoryEnd };
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    /// <summary>The last end record whose comment fits in the file, else the last one at all.</summary>
    private static int FindEndRecord(ReadOnlySpan<byte> tail)
    {
        var fallback = -1;
        for (var i = tail.Length - ZipSignatures.EndOfDirectorySize; i >= 0; i--)
        {
            if (tail[i] != 0x50 || !ZipSignatures.Is(tail, i, ZipSignatures.EndOfDirectory))
            {
                continue;
            }

            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + 20)..]);
            if (i + ZipSignatures.EndOfDirectorySize + commentLength <= tail.Length)
            {
                return i;
            }

            if (fallback < 0)
            {
                fallback = i;
            }
        }

        return fallback;
    }

    private static bool TryReadZip64(Stream stream, long endPosition, out long recordPosition, out long entries, out long size, out long offset)
    {
        recordPosition = entries = size = offset = 0;
        var locatorPosition = endPosition - ZipSignatures.Zip64LocatorSize;
        if (locatorPosition < 0)
        {
            return false;
        }

        Span<byte> locator = stackalloc byte[ZipSignatures.Zip64LocatorSize];
        if (!StreamReads.TryReadExactlyAt(stream, locatorPosition, locator) || !ZipSignatures.Is(locator, 0, ZipSignatures.Zip64Locator))
        {
            return false;
        }

        Span<byte> record = stackalloc byte[ZipSignatures.Zip64EndOfDirectorySize];
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
        var candidates = (Span<long>)[declared <= long.MaxValue ? (long)declared : -1, locatorPosition - ZipSignatures.Zip64EndOfDirectorySize];
        foreach (var candidate in candidates)
        {
            if (candidate < 0 || candidate >= locatorPosition
                || !StreamReads.TryReadExactlyAt(stream, candidate, record)
                || !ZipSignatures.Is(record, 0, ZipSignatures.Zip64EndOfDirectory))
            {
                continue;
            }

            entries = ClampToLong(BinaryPrimitives.ReadUInt64LittleEndian(record[32..]));
            size = ClampToLong(BinaryPrimitives.ReadUInt64LittleEndian(record[40..]));
            offset = ClampToLong(BinaryPrimitives.ReadUInt64LittleEndian(record[48..]));
            recordPosition = candidate;
            return true;
        }

        return false;
    }

    private static long ClampToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
