using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Lists and expands the regular files of a tar. Our own reader rather than
/// System.Formats.Tar: the BCL reader sizes buffers for long names and pax headers from the
/// declared sizes, which a hostile archive sets to gigabytes; here every read is clipped to the
/// bytes the archive really has.
/// </summary>
internal sealed class TarArchiveReader(Entity archive, Stream stream, MemberWriter writer, AnalysisContext context)
{
    /// <summary>Long names and pax headers larger than this are damaged or hostile; they are skipped.</summary>
    private const int MaxMetaSize = 1024 * 1024;


    public void Read()
    {
        var length = stream.Length;
        var header = new byte[TarHeader.BlockSize];
        string? longName = null;
        long position = 0;

        // Each step advances by at least one block, so the loop ends with the stream.
        while (!writer.Stopped && context.Budget.CheckTime(archive.Path))
        {
            var got = StreamReads.ReadAt(stream, position, header);
            if (got < TarHeader.BlockSize)
            {
                // Archives normally end with zero blocks, but a clean stop at a block boundary is fine too.
                if (got > 0 && !TarHeader.IsZeroBlock(header.AsSpan(0, got)))
                {
                    ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"tar truncated inside a header at offset {position}");
                }

                return;
            }

            if (TarHeader.IsZeroBlock(header))
            {
                return;
            }

            if (!TarHeader.ChecksumMatches(header))
            {
                ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"tar header checksum wrong at offset {position}");
                return;
            }

            var size = TarHeader.Size(header);
            if (size < 0)
            {
                ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"tar header size unreadable at offset {position}");
                return;
            }

            var dataStart = position + TarHeader.BlockSize;
            var available = Math.Min(size, length - dataStart);
            var type = header[156];
            switch (type)
            {
                case TarHeader.TypeGnuLongName:
                    longName = ReadMeta(dataStart, available) is { } bytes ? ZipNames.DecodeGuessing(TarHeader.CString(bytes)) : null;
                    break;
                case TarHeader.TypePaxLocal:
                    var pax = ReadMeta(dataStart, available);
                    longName = (pax is null ? null : TarHeader.PaxPath(pax)) ?? longName;
                    break;
                case TarHeader.TypeRegular or TarHeader.TypeRegularOld or TarHeader.TypeContiguous:
                    AddMember(longName ?? TarHeader.Name(header), size, dataStart, available);
                    longName = null;
                    break;
                default:
                    // Directories, links, devices and other metadata are not files a user receives.
                    if (type != (byte)'K' && type != (byte)'g')
                    {
                        longName = null;
                    }

                    break;
            }

            if (size > length - dataStart)
            {
                ArchiveFaults.Unreadable(context, archive, ArchiveAnomalies.Broken, $"tar truncated inside a member at offset {dataStart}");
                return;
            }

            position = dataStart + ((size + TarHeader.BlockSize - 1) / TarHeader.BlockSize * TarHeader.BlockSize);
        }
    }

    private void AddMember(string name, long size, long dataStart, long available)
    {
        var child = writer.Add(name, NameSource.ArchiveEntry);
        if (child is null)
        {
            return;
        }

        child.DeclaredSize = size;
        writer.CopyContent(child, new WindowStream(stream, dataStart, available), available);
    }

    private byte[]? ReadMeta(long start, long available)
    {
        if (available is <= 0 or > MaxMetaSize)
        {
            return null;
        }

        var bytes = new byte[available];
        return StreamReads.TryReadExactlyAt(stream, start, bytes) ? bytes : null;
    }
}
