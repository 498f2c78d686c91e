using System.Buffers.Binary;
using System.Buffers;
using System.IO.Compression;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Lists a zip from its central directory (what Windows and most tools show), finds each
/// member's data through its local header, and expands stored and deflated members. Local
/// headers the directory does not list are read too: some extractors honour them, so hiding a
/// file there is a known way past scanners. With no directory at all (a truncated archive) the
/// local headers are all there is.
/// </summary>
internal sealed class ZipArchiveReader(Entity archive, Stream stream, MemberWriter writer, AnalysisContext context)
{
    private const int ScanChunk = 64 * 1024;

    private readonly List<(long Start, long End)> _claimed = [];
    private readonly List<ZipLibraryMembers.Pending> _pending = [];
    private int _directoryIndex;

    public void Read()
    {
        var located = ZipLocator.TryLocate(stream, out var directory);
        if (located)
        {
            ReadDirectory(directory);
        }
        else
        {
            ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, "zip without a readable central directory: members read from local headers");
        }

        if (!writer.Stopped)
        {
            ScanLocalHeaders(located, located ? directory.Start : stream.Length);
        }

        // Methods the BCL lacks (deflate64, bzip2, lzma, ppmd, implode...) are decompressed by the
        // library; what it cannot read either stays unreadable.
        new ZipLibraryMembers(stream, writer, context).Expand(_pending);
    }

    private void ReadDirectory(ZipDirectory directory)
    {
        using var walk = new ZipCentralDirectory(stream, directory);
        while (!writer.Stopped)
        {
            var at = walk.Position;
            switch (walk.Next(out var entry))
            {
                case ZipCentralDirectory.Step.Entry:
                    Expand(entry, walk.LocalHeaderPosition(entry), hidden: false, _directoryIndex++);
                    break;
                case ZipCentralDirectory.Step.Damaged:
                    ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"central directory damaged at offset {at}");
                    return;
                case ZipCentralDirectory.Step.Truncated:
                    ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"central directory truncated at offset {at}");
                    return;
                default:
                    return;
            }
        }
    }

    /// <summary>Adds one member and expands its data if it can.</summary>
    private void Expand(ZipEntry entry, long localPosition, bool hidden, int directoryIndex = -1)
    {
        var hasData = ZipLocalHeader.TryRead(stream, localPosition, out var dataStart, out var localName);
        if (hasData)
        {
            _claimed.Add((localPosition, Math.Max(dataStart, dataStart + entry.CompressedSize)));
        }

        if (entry.IsDirectory)
        {
            return;
        }

        var child = writer.Add(entry.Name, NameSource.ArchiveEntry);
        if (child is null)
        {
            return;
        }

        // Different tools read different names; policy must see every one of them.
        child.AddName(EntryNames.Candidate(entry.HeaderName, NameSource.ArchiveEntry));
        if (localName is not null)
        {
            child.AddName(EntryNames.Candidate(localName, NameSource.ArchiveEntry));
        }

        child.DeclaredSize = entry.UncompressedSize;
        if (hidden)
        {
            context.Report(ArchiveAnomalies.HiddenEntry, child.Path, "member found in a local header but not in the central directory", AnomalySeverity.Format);
        }

        if (entry.IsEncrypted)
        {
            child.IsEncrypted = true;
            context.Report(ArchiveAnomalies.EncryptedEntry, child.Path, "encrypted zip member: content not checked");
            return;
        }

        if (!hasData)
        {
            ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, $"local header missing at offset {localPosition}");
            return;
        }

        if (entry.Method is not (ZipEntry.MethodStored or ZipEntry.MethodDeflate))
        {
            _pending.Add(new ZipLibraryMembers.Pending(child, entry, directoryIndex));
            return;
        }

        if (entry.SizeUnknown && entry.Method == ZipEntry.MethodStored)
        {
            ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, "stored member whose size is only given after its data");
            return;
        }

        ExpandData(entry, child, dataStart);
    }

    private void ExpandData(ZipEntry entry, Entity child, long dataStart)
    {
        var window = new WindowStream(stream, dataStart, entry.CompressedSize);
        try
        {
            bool complete;
            if (entry.Method == ZipEntry.MethodStored)
            {
                complete = writer.CopyContent(child, window, window.Length);
            }
            else
            {
                using var inflate = new DeflateStream(window, CompressionMode.Decompress, leaveOpen: true);
                complete = writer.CopyContent(child, inflate, window.Length);
            }

            if (complete && !entry.SizeUnknown && child.Size != entry.UncompressedSize)
            {
                ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, $"declared size {entry.UncompressedSize}, expanded to {child.Size}");
            }
        }
        catch (InvalidDataException)
        {
            ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, "compressed data damaged");
        }
        catch (IOException)
        {
            ArchiveFaults.Unreadable(context, child, ArchiveAnomalies.Broken, "compressed data unreadable");
        }
    }

    /// <summary>Looks for local headers in the stretches no listed member claims.</summary>
    private void ScanLocalHeaders(bool located, long end)
    {
        _claimed.Sort((a, b) => a.Start.CompareTo(b.Start));

        // A self-extractor's stub may hold the signature bytes in its code: when the archive does
        // not start at 0, only look from its first listed member on.
        Span<byte> head = stackalloc byte[4];
        var startsWithHeader = StreamReads.TryReadExactlyAt(stream, 0, head) && ZipSignatures.Is(head, 0, ZipSignatures.LocalHeader);
        long cursor;
        if (startsWithHeader || !located)
        {
            cursor = 0;
        }
        else if (_claimed.Count > 0)
        {
            cursor = _claimed[0].Start;
        }
        else
        {
            return;
        }

        // Members found while scanning add claims of their own: walk a snapshot.
        foreach (var (start, stop) in _claimed.ToArray())
        {
            if (start > cursor)
            {
                ScanGap(cursor, Math.Min(start, end), located);
            }

            cursor = Math.Max(cursor, stop);
            if (writer.Stopped)
            {
                return;
            }
        }

        ScanGap(cursor, end, located);
    }

    private void ScanGap(long from, long to, bool located)
    {
        var position = from;
        Span<byte> header = stackalloc byte[ZipSignatures.LocalHeaderSize];
        while (position + ZipSignatures.LocalHeaderSize <= to && !writer.Stopped && context.Budget.CheckTime(archive.Path))
        {
            var found = FindLocalSignature(position, to);
            if (found < 0 || !StreamReads.TryReadExactlyAt(stream, found, header))
            {
                return;
            }

            var entry = ParseLocal(header, found, to, out var plausible);
            if (!plausible)
            {
                position = found + 4;
                continue;
            }

            // In a damaged archive every member comes from here, which is no sign of hiding.
            Expand(entry, found, hidden: located);
            var dataStart = found + ZipSignatures.LocalHeaderSize + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            position = Math.Max(found + 4, entry.SizeUnknown ? dataStart : dataStart + entry.CompressedSize);
        }
    }

    /// <summary>A local header found by scanning; sizes unknown to it (data descriptor) reach to the end of the gap.</summary>
    private ZipEntry ParseLocal(ReadOnlySpan<byte> header, long position, long to, out bool plausible)
    {
        var entry = ZipLocalHeader.Parse(stream, header, position, out plausible, out var dataStart);
        if (plausible && (entry.Flags & ZipEntry.DataDescriptorFlag) != 0 && entry.CompressedSize == 0)
        {
            // Sizes follow the data; deflate finds its own end, so offer it the rest of the gap.
            entry.SizeUnknown = true;
            entry.CompressedSize = Math.Max(0, to - dataStart);
        }

        return entry;
    }

    private long FindLocalSignature(long from, long to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ScanChunk);
        try
        {
            var position = from;
            while (position + 4 <= to)
            {
                var want = (int)Math.Min(ScanChunk, to - position);
                var got = StreamReads.ReadAt(stream, position, buffer.AsSpan(0, want));
                if (got < 4)
                {
                    return -1;
                }

                var at = buffer.AsSpan(0, got).IndexOf("PK\u0003\u0004"u8);
                if (at >= 0)
                {
                    return position + at;
                }

                position += got - 3;
            }

            return -1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
