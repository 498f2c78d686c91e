using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Tells zip-based formats from plain zips: OpenDocument (a stored "mimetype" first entry), Office
/// Open XML ([Content_Types].xml, with word/, xl/ or ppt/ parts, macros when a vbaProject.bin is
/// present or the content types declare macro-enabled parts), JAR, APK and APPX. The zip
/// structures are read by the archive expander's own readers (<see cref="ZipLocator"/>,
/// <see cref="ZipCentralDirectory"/>, <see cref="ZipLocalHeader"/>), so what detection lists is
/// what expansion opens. Entry names come from the central directory, else (a truncated zip)
/// from the local headers. Every read is bounded: a fixed number of entries and a few hundred
/// kilobytes of [Content_Types].xml.
/// </summary>
internal static class ZipInspector
{
    private const int MaxEntries = 10_000;
    private const int MaxCompressedContentTypes = 1024 * 1024;
    private const int MaxInflatedContentTypes = 256 * 1024;

    public static DetectedType Classify(ref ContentReader content, int firstHeader)
    {
        var openDocument = OpenDocumentType(content.Head, firstHeader);
        var facts = new ZipFacts { ContentTypesHeaderOffset = -1 };

        // With only a partial head known, its local headers are all there is to read.
        using var headOnly = content.CanReadBeyondHead || content.HeadIsWhole ? null : new MemoryStream(content.Head.ToArray(), writable: false);
        var stream = headOnly ?? content.SharedStream();
        if (stream is not null && (headOnly is not null || !ReadCentralDirectory(stream, ref facts)))
        {
            facts = new ZipFacts { ContentTypesHeaderOffset = -1 };
            WalkLocalHeaders(stream, firstHeader, ref facts);
        }

        if (openDocument is not null)
        {
            return facts.HasOpenDocumentScripts ? DocumentTypes.WithMacros(openDocument) : openDocument;
        }

        if (facts.HasAppxManifest)
        {
            return ExecutableTypes.Appx;
        }

        if (facts.HasContentTypes && stream is not null)
        {
            ReadContentTypes(stream, ref facts);
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

    /// <summary>Lists the central directory the expander would; false when there is none (or it lists nothing).</summary>
    private static bool ReadCentralDirectory(Stream stream, ref ZipFacts facts)
    {
        if (!ZipLocator.TryLocate(stream, out var directory) || directory.End <= directory.Start)
        {
            return false;
        }

        using var walk = new ZipCentralDirectory(stream, directory);
        var entries = 0;
        while (entries < MaxEntries && walk.Next(out var entry) == ZipCentralDirectory.Step.Entry)
        {
            entries++;
            if (Observe(entry.Name, ref facts))
            {
                facts.ContentTypesEncrypted = entry.IsEncrypted;
                facts.ContentTypesMethod = entry.Method;
                facts.ContentTypesCompressedSize = entry.CompressedSize;
                facts.ContentTypesHeaderOffset = walk.LocalHeaderPosition(entry);
            }
        }

        return entries > 0;
    }

    /// <summary>Follows local headers from the first (for a zip whose directory is missing or damaged).</summary>
    private static void WalkLocalHeaders(Stream stream, long position, ref ZipFacts facts)
    {
        for (var entries = 0; entries < MaxEntries; entries++)
        {
            if (!ZipLocalHeader.TryReadEntry(stream, position, out var entry, out var dataStart))
            {
                return;
            }

            if (Observe(entry.Name, ref facts))
            {
                facts.ContentTypesEncrypted = entry.IsEncrypted;
                facts.ContentTypesMethod = entry.Method;
                facts.ContentTypesCompressedSize = entry.CompressedSize;
                facts.ContentTypesHeaderOffset = position;
            }

            if ((entry.Flags & ZipEntry.DataDescriptorFlag) != 0 && entry.CompressedSize == 0)
            {
                // Sizes follow the data: the next header is not where the sizes say. Enough for a type.
                return;
            }

            position = dataStart + entry.CompressedSize;
        }
    }

    /// <summary>Notes what an entry name says; true when it is the content-types part.</summary>
    private static bool Observe(string name, ref ZipFacts facts)
    {
        const StringComparison Ignore = StringComparison.OrdinalIgnoreCase;
        if (name.Equals("[Content_Types].xml", Ignore))
        {
            facts.HasContentTypes = true;
            return true;
        }

        facts.HasWordParts |= name.StartsWith("word/", Ignore);
        facts.HasExcelParts |= name.StartsWith("xl/", Ignore);
        facts.HasPowerPointParts |= name.StartsWith("ppt/", Ignore);
        facts.HasVbaProject |= name.EndsWith("vbaProject.bin", Ignore);
        facts.HasJavaManifest |= name.Equals("META-INF/MANIFEST.MF", Ignore);
        facts.HasJavaClass |= name.EndsWith(".class", Ignore);
        facts.HasAndroidManifest |= name.Equals("AndroidManifest.xml", Ignore);
        facts.HasDalvikCode |= name.EndsWith(".dex", Ignore);
        facts.HasAppxManifest |= name.Equals("AppxManifest.xml", Ignore) || name.Equals("AppxMetadata/AppxBundleManifest.xml", Ignore);

        // OpenDocument keeps Basic modules under Basic/ (beside two library index files) and other macros under Scripts/.
        var isBasicModule = name.StartsWith("Basic/", Ignore) && !name.EndsWith("/script-lc.xml", Ignore)
            && !name.EndsWith("/script-lb.xml", Ignore) && !name.EndsWith('/');
        facts.HasOpenDocumentScripts |= isBasicModule || (name.StartsWith("Scripts/", Ignore) && !name.EndsWith('/'));
        return false;
    }

    /// <summary>Inflates [Content_Types].xml (bounded) to see whether it declares macro-enabled parts.</summary>
    private static void ReadContentTypes(Stream stream, ref ZipFacts facts)
    {
        if (facts.ContentTypesHeaderOffset < 0 || facts.ContentTypesEncrypted || facts.ContentTypesMethod is not (ZipEntry.MethodStored or ZipEntry.MethodDeflate)
            || !ZipLocalHeader.TryRead(stream, facts.ContentTypesHeaderOffset, out var dataStart, out _))
        {
            return;
        }

        var available = stream.Length - dataStart;
        var compressedLength = Math.Min(facts.ContentTypesCompressedSize > 0 ? facts.ContentTypesCompressedSize : available, Math.Min(available, MaxCompressedContentTypes));
        if (compressedLength <= 0)
        {
            return;
        }

        var inflated = ArrayPool<byte>.Shared.Rent(MaxInflatedContentTypes);
        try
        {
            var window = new WindowStream(stream, dataStart, compressedLength);
            var length = facts.ContentTypesMethod == ZipEntry.MethodStored
                ? ReadBounded(window, inflated)
                : ReadBounded(new DeflateStream(window, CompressionMode.Decompress, leaveOpen: true), inflated);
            var xml = inflated.AsSpan(0, length);
            facts.DeclaresMacroContent = xml.IndexOf("macroEnabled"u8) >= 0 || xml.IndexOf("vbaProject"u8) >= 0;
            facts.HasWordParts |= xml.IndexOf("wordprocessingml.document.main"u8) >= 0 || xml.IndexOf("ms-word.document.macroEnabled"u8) >= 0;
            facts.HasExcelParts |= xml.IndexOf("spreadsheetml.sheet.main"u8) >= 0 || xml.IndexOf("ms-excel.sheet.macroEnabled"u8) >= 0;
            facts.HasPowerPointParts |= xml.IndexOf("presentationml.presentation.main"u8) >= 0 || xml.IndexOf("ms-powerpoint.presentation.macroEnabled"u8) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    /// <summary>Reads up to the buffer's size; corrupt or truncated data keeps what was read before it.</summary>
    private static int ReadBounded(Stream source, byte[] destination)
    {
        var total = 0;
        try
        {
            using (source)
            {
                while (total < MaxInflatedContentTypes)
                {
                    var read = source.Read(destination, total, MaxInflatedContentTypes - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Keep what was read so far.
        }

        return total;
    }
}
