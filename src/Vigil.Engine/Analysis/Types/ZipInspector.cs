using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Tells zip-based formats from plain zips: OpenDocument (a stored "mimetype" first entry), Office
/// Open XML ([Content_Types].xml, with word/, xl/ or ppt/ parts, macros when a vbaProject.bin is
/// present or the content types declare macro-enabled parts), JAR, APK and APPX. Entry names come
/// from the central directory when the whole content can be read, else from the local headers in
/// the head. Every read is bounded: a hostile directory costs at most a few megabytes and a
/// fixed number of entries.
/// </summary>
internal static class ZipInspector
{
    private const int MaxEntries = 10_000;
    private const int MaxCentralDirectoryBytes = 4 * 1024 * 1024;
    private const int EndRecordSize = 22;
    private const int MaxCompressedContentTypes = 1024 * 1024;
    private const int MaxInflatedContentTypes = 256 * 1024;

    private static ReadOnlySpan<byte> LocalHeader => "PK\x03\x04"u8;

    private static ReadOnlySpan<byte> CentralHeader => "PK\x01\x02"u8;

    private static ReadOnlySpan<byte> EndRecord => "PK\x05\x06"u8;

    private static ReadOnlySpan<byte> Zip64Locator => "PK\x06\x07"u8;

    private static ReadOnlySpan<byte> Zip64EndRecord => "PK\x06\x06"u8;

    public static DetectedType Classify(ref ContentReader content, int firstHeader)
    {
        var openDocument = OpenDocumentType(content.Head, firstHeader);
        var facts = new ZipFacts { ContentTypesHeaderOffset = -1 };
        if (!ReadCentralDirectory(ref content, ref facts))
        {
            facts = new ZipFacts { ContentTypesHeaderOffset = -1 };
            WalkLocalHeaders(content.Head, firstHeader, ref facts);
        }

        if (openDocument is not null)
        {
            return facts.HasOpenDocumentScripts ? DocumentTypes.WithMacros(openDocument) : openDocument;
        }

        if (facts.HasAppxManifest)
        {
            return ExecutableTypes.Appx;
        }

        if (facts.HasContentTypes)
        {
            ReadContentTypes(ref content, ref facts);
            return OfficeOpenXmlType(in facts);
        }

        if (facts.HasAndroidManifest && facts.HasDalvikCode)
        {
            return ExecutableTypes.Apk;
        }

        return facts.HasJavaManifest || facts.HasJavaClass ? ExecutableTypes.Jar : ArchiveTypes.Zip;
    }

    private static DetectedType OfficeOpenXmlType(in ZipFacts facts)
    {
        var macros = facts.HasVbaProject || facts.DeclaresMacroContent;
        if (facts.HasWordParts)
        {
            return macros ? DocumentTypes.Docm : DocumentTypes.Docx;
        }

        if (facts.HasExcelParts)
        {
            return macros ? DocumentTypes.Xlsm : DocumentTypes.Xlsx;
        }

        if (facts.HasPowerPointParts)
        {
            return macros ? DocumentTypes.Pptm : DocumentTypes.Pptx;
        }

        return macros ? DocumentTypes.OoxmlMacro : DocumentTypes.Ooxml;
    }

    /// <summary>OpenDocument: the first entry is "mimetype", stored, holding the document's media type.</summary>
    private static DetectedType? OpenDocumentType(ReadOnlySpan<byte> head, int at)
    {
        if (head.Length < at + 30)
        {
            return null;
        }

        var method = BinaryPrimitives.ReadUInt16LittleEndian(head[(at + 8)..]);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(head[(at + 18)..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(at + 26)..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(head[(at + 28)..]);
        var nameStart = at + 30;
        if (method != 0 || nameLength != 8 || head.Length < nameStart + 8 || !head.Slice(nameStart, 8).SequenceEqual("mimetype"u8))
        {
            return null;
        }

        var dataStart = nameStart + nameLength + extraLength;
        if (size > 200 || head.Length < dataStart + size)
        {
            return null;
        }

        var mediaType = head.Slice(dataStart, (int)size);
        ReadOnlySpan<byte> prefix = "application/vnd.oasis.opendocument."u8;
        if (!mediaType.StartsWith(prefix))
        {
            return null;
        }

        var kind = mediaType[prefix.Length..];
        if (kind.StartsWith("text"u8))
        {
            return DocumentTypes.Odt;
        }

        if (kind.StartsWith("spreadsheet"u8))
        {
            return DocumentTypes.Ods;
        }

        if (kind.StartsWith("presentation"u8))
        {
            return DocumentTypes.Odp;
        }

        return kind.StartsWith("graphics"u8) ? DocumentTypes.Odg : DocumentTypes.Odf;
    }

    /// <summary>Finds the end record in the last 64 KiB and lists the central directory; false when there is none to read.</summary>
    private static bool ReadCentralDirectory(ref ContentReader content, ref ZipFacts facts)
    {
        if (!content.HeadIsWhole && !content.CanReadBeyondHead)
        {
            return false;
        }

        var tailLength = (int)Math.Min(content.Length, EndRecordSize + ushort.MaxValue);
        var tailStart = content.Length - tailLength;
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        try
        {
            if (content.ReadAt(tailStart, tail.AsSpan(0, tailLength)) != tailLength)
            {
                return false;
            }

            var end = tail.AsSpan(0, tailLength).LastIndexOf(EndRecord);
            while (end >= 0 && end + EndRecordSize > tailLength)
            {
                end = tail.AsSpan(0, end).LastIndexOf(EndRecord);
            }

            if (end < 0)
            {
                return false;
            }

            var record = tail.AsSpan(end, EndRecordSize);
            long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            var directoryEnd = tailStart + end;
            if (directoryOffset == uint.MaxValue || directorySize == uint.MaxValue)
            {
                if (!ReadZip64End(ref content, tail.AsSpan(0, tailLength), end, tailStart, out directorySize, out directoryOffset, out directoryEnd))
                {
                    return false;
                }
            }

            // Data prepended to the archive (a self-extractor stub) shifts every offset by the same amount.
            var directoryStart = directoryEnd - directorySize;
            if (directoryStart < 0)
            {
                return false;
            }

            var shift = directoryStart - directoryOffset;
            return ListCentralDirectory(ref content, directoryStart, directorySize, shift, ref facts);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    private static bool ReadZip64End(
        ref ContentReader content, ReadOnlySpan<byte> tail, int end, long tailStart, out long size, out long offset, out long recordAt)
    {
        size = offset = recordAt = 0;
        var locator = end - 20;
        if (locator < 0 || !tail[locator..].StartsWith(Zip64Locator))
        {
            return false;
        }

        recordAt = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(tail[(locator + 8)..]), long.MaxValue);
        Span<byte> record = stackalloc byte[56];
        if (content.ReadAt(recordAt, record) != 56 || !record.StartsWith(Zip64EndRecord))
        {
            // Perhaps shifted by a prefix: the record sits right before the locator when it has no extension data.
            recordAt = tailStart + locator - 56;
            if (content.ReadAt(recordAt, record) != 56 || !record.StartsWith(Zip64EndRecord))
            {
                return false;
            }
        }

        size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record[40..]), long.MaxValue);
        offset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record[48..]), long.MaxValue);
        return true;
    }

    private static bool ListCentralDirectory(ref ContentReader content, long start, long size, long shift, ref ZipFacts facts)
    {
        var length = (int)Math.Min(size, MaxCentralDirectoryBytes);
        if (length < 46)
        {
            // An empty archive lists nothing but is still a zip: fall back to the local headers.
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var directory = buffer.AsSpan(0, content.ReadAt(start, buffer.AsSpan(0, length)));
            if (!directory.StartsWith(CentralHeader))
            {
                return false;
            }

            var position = 0;
            for (var entries = 0; entries < MaxEntries && position + 46 <= directory.Length; entries++)
            {
                var entry = directory[position..];
                if (!entry.StartsWith(CentralHeader))
                {
                    break;
                }

                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[28..]);
                var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[30..]);
                var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[32..]);
                if (46 + nameLength > entry.Length)
                {
                    break;
                }

                var name = entry.Slice(46, nameLength);
                if (Observe(name, ref facts))
                {
                    facts.ContentTypesEncrypted = (BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]) & 1) != 0;
                    facts.ContentTypesMethod = BinaryPrimitives.ReadUInt16LittleEndian(entry[10..]);
                    facts.ContentTypesCompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(entry[20..]);
                    facts.ContentTypesHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(entry[42..]) + shift;
                }

                position += 46 + nameLength + extraLength + commentLength;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Follows local headers through the head (for a truncated zip or when only the head is known).</summary>
    private static void WalkLocalHeaders(ReadOnlySpan<byte> head, int position, ref ZipFacts facts)
    {
        for (var entries = 0; entries < MaxEntries && position >= 0 && position + 30 <= head.Length; entries++)
        {
            var entry = head[position..];
            if (!entry.StartsWith(LocalHeader))
            {
                return;
            }

            var flags = BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]);
            var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(entry[18..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[26..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[28..]);
            if (30 + nameLength > entry.Length)
            {
                return;
            }

            if (Observe(entry.Slice(30, nameLength), ref facts))
            {
                facts.ContentTypesEncrypted = (flags & 1) != 0;
                facts.ContentTypesMethod = BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]);
                facts.ContentTypesCompressedSize = compressedSize;
                facts.ContentTypesHeaderOffset = position;
            }

            var dataStart = 30L + nameLength + extraLength;
            if ((flags & 8) != 0 && compressedSize == 0)
            {
                // Sizes follow the data: look for the next header instead.
                var next = dataStart < entry.Length ? entry[(int)dataStart..].IndexOf(LocalHeader) : -1;
                if (next < 0)
                {
                    return;
                }

                position += (int)dataStart + next;
                continue;
            }

            var following = position + dataStart + compressedSize;
            if (following > head.Length)
            {
                return;
            }

            position = (int)following;
        }
    }

    /// <summary>Notes what an entry name says; true when it is the content-types part.</summary>
    private static bool Observe(ReadOnlySpan<byte> name, ref ZipFacts facts)
    {
        if (Ascii.EqualsIgnoreCase(name, "[Content_Types].xml"u8))
        {
            facts.HasContentTypes = true;
            return true;
        }

        facts.HasWordParts |= StartsWithIgnoreCase(name, "word/"u8);
        facts.HasExcelParts |= StartsWithIgnoreCase(name, "xl/"u8);
        facts.HasPowerPointParts |= StartsWithIgnoreCase(name, "ppt/"u8);
        facts.HasVbaProject |= EndsWithIgnoreCase(name, "vbaProject.bin"u8);
        facts.HasJavaManifest |= Ascii.EqualsIgnoreCase(name, "META-INF/MANIFEST.MF"u8);
        facts.HasJavaClass |= EndsWithIgnoreCase(name, ".class"u8);
        facts.HasAndroidManifest |= Ascii.EqualsIgnoreCase(name, "AndroidManifest.xml"u8);
        facts.HasDalvikCode |= EndsWithIgnoreCase(name, ".dex"u8);
        facts.HasAppxManifest |= Ascii.EqualsIgnoreCase(name, "AppxManifest.xml"u8)
            || Ascii.EqualsIgnoreCase(name, "AppxMetadata/AppxBundleManifest.xml"u8);

        // OpenDocument keeps Basic modules under Basic/ (beside two library index files) and other macros under Scripts/.
        var isBasicModule = StartsWithIgnoreCase(name, "Basic/"u8) && !EndsWithIgnoreCase(name, "/script-lc.xml"u8)
            && !EndsWithIgnoreCase(name, "/script-lb.xml"u8) && !EndsWithIgnoreCase(name, "/"u8);
        facts.HasOpenDocumentScripts |= isBasicModule || (StartsWithIgnoreCase(name, "Scripts/"u8) && !EndsWithIgnoreCase(name, "/"u8));
        return false;
    }

    /// <summary>Inflates [Content_Types].xml (bounded) to see whether it declares macro-enabled parts.</summary>
    private static void ReadContentTypes(ref ContentReader content, ref ZipFacts facts)
    {
        if (facts.ContentTypesHeaderOffset < 0 || facts.ContentTypesEncrypted || facts.ContentTypesMethod is not (0 or 8))
        {
            return;
        }

        Span<byte> header = stackalloc byte[30];
        if (content.ReadAt(facts.ContentTypesHeaderOffset, header) != 30 || !header.StartsWith(LocalHeader))
        {
            return;
        }

        var dataStart = facts.ContentTypesHeaderOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header[26..])
            + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        var available = content.Length - dataStart;
        var compressedLength = (int)Math.Min(
            facts.ContentTypesCompressedSize > 0 ? facts.ContentTypesCompressedSize : available,
            Math.Min(available, MaxCompressedContentTypes));
        if (compressedLength <= 0)
        {
            return;
        }

        var compressed = ArrayPool<byte>.Shared.Rent(compressedLength);
        var inflated = ArrayPool<byte>.Shared.Rent(MaxInflatedContentTypes);
        try
        {
            var read = content.ReadAt(dataStart, compressed.AsSpan(0, compressedLength));
            var length = facts.ContentTypesMethod == 0
                ? CopyStored(compressed.AsSpan(0, read), inflated)
                : Inflate(compressed, read, inflated);
            var xml = inflated.AsSpan(0, length);
            facts.DeclaresMacroContent = xml.IndexOf("macroEnabled"u8) >= 0 || xml.IndexOf("vbaProject"u8) >= 0;
            facts.HasWordParts |= xml.IndexOf("wordprocessingml.document.main"u8) >= 0 || xml.IndexOf("ms-word.document.macroEnabled"u8) >= 0;
            facts.HasExcelParts |= xml.IndexOf("spreadsheetml.sheet.main"u8) >= 0 || xml.IndexOf("ms-excel.sheet.macroEnabled"u8) >= 0;
            facts.HasPowerPointParts |= xml.IndexOf("presentationml.presentation.main"u8) >= 0 || xml.IndexOf("ms-powerpoint.presentation.macroEnabled"u8) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private static int CopyStored(ReadOnlySpan<byte> data, byte[] destination)
    {
        var length = Math.Min(data.Length, destination.Length);
        data[..length].CopyTo(destination);
        return length;
    }

    private static int Inflate(byte[] compressed, int length, byte[] destination)
    {
        var total = 0;
        try
        {
            using var input = new MemoryStream(compressed, 0, length, writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            while (total < MaxInflatedContentTypes)
            {
                var read = inflater.Read(destination, total, MaxInflatedContentTypes - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt or truncated: keep what was inflated so far.
        }

        return total;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> name, ReadOnlySpan<byte> prefix) =>
        name.Length >= prefix.Length && Ascii.EqualsIgnoreCase(name[..prefix.Length], prefix);

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix) =>
        name.Length >= suffix.Length && Ascii.EqualsIgnoreCase(name[^suffix.Length..], suffix);
}
