using System.Buffers;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Lists a RAR 5 archive from its block headers (CRC32, vint header size, type, flags, optional
/// extra and data sizes): names, sizes, encryption. Only stored members get content.
/// </summary>
internal sealed class Rar5ArchiveReader(Entity archive, Stream stream, MemberWriter writer, AnalysisContext context)
{
    private const int SignatureLength = 8;

    /// <summary>The format caps a header at 2 MB; anything larger is damage or an attack.</summary>
    private const int MaxHeaderSize = 2 * 1024 * 1024;

    private const ulong TypeFile = 2;
    private const ulong TypeEncryption = 4;
    private const ulong TypeEnd = 5;
    private const ulong FlagExtra = 0x01;
    private const ulong FlagData = 0x02;
    private const ulong FlagSplitBefore = 0x08;
    private const ulong FlagSplitAfter = 0x10;
    private const ulong FileFlagDirectory = 0x01;
    private const ulong FileFlagTime = 0x02;
    private const ulong FileFlagCrc = 0x04;
    private const ulong ExtraEncryption = 0x01;


    public void Read()
    {
        var length = stream.Length;
        long position = SignatureLength;
        Span<byte> prefix = stackalloc byte[4 + 4];

        // Every block is at least its CRC and size long, so the loop ends with the stream.
        while (position + 5 < length && !writer.Stopped && context.Budget.CheckTime(archive.Path))
        {
            var got = StreamReads.ReadAt(stream, position, prefix);
            if (got <= 4)
            {
                Broken($"rar5 truncated at offset {position}");
                return;
            }

            var sizeCursor = new SpanCursor(prefix[4..got]);
            var headerSize = sizeCursor.Vint();
            if (!sizeCursor.Ok || headerSize == 0 || headerSize > MaxHeaderSize)
            {
                Broken($"rar5 header size unreadable at offset {position}");
                return;
            }

            var headerStart = position + 4 + sizeCursor.Position;
            var header = ArrayPool<byte>.Shared.Rent((int)headerSize);
            try
            {
                var block = header.AsSpan(0, (int)headerSize);
                if (!StreamReads.TryReadExactlyAt(stream, headerStart, block))
                {
                    Broken($"rar5 truncated inside a header at offset {position}");
                    return;
                }

                var cursor = new SpanCursor(block);
                var type = cursor.Vint();
                var flags = cursor.Vint();
                var extraSize = (flags & FlagExtra) != 0 ? cursor.Vint() : 0;
                var dataSize = (flags & FlagData) != 0 ? cursor.Vint() : 0;
                if (!cursor.Ok || extraSize > headerSize || dataSize > (ulong)length)
                {
                    Broken($"rar5 header damaged at offset {position}");
                    return;
                }

                var dataStart = headerStart + (long)headerSize;
                if (type == TypeEncryption)
                {
                    context.Report(ArchiveAnomalies.EncryptedEntry, archive.Path, "rar5 with encrypted headers: member names hidden");
                    return;
                }

                if (type == TypeEnd)
                {
                    return;
                }

                if (type == TypeFile && !ReadFile(ref cursor, block[(int)(headerSize - extraSize)..], flags, dataStart, (long)dataSize))
                {
                    Broken($"rar5 file header damaged at offset {position}");
                    return;
                }

                var next = dataStart + (long)dataSize;
                if (next > length)
                {
                    Broken($"rar5 truncated inside a block at offset {position}");
                    return;
                }

                position = next;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(header);
            }
        }
    }

    private bool ReadFile(ref SpanCursor cursor, ReadOnlySpan<byte> extra, ulong flags, long dataStart, long dataSize)
    {
        var fileFlags = cursor.Vint();
        var unpackedSize = cursor.Vint();
        cursor.Vint(); // attributes
        if ((fileFlags & FileFlagTime) != 0)
        {
            cursor.U32();
        }

        if ((fileFlags & FileFlagCrc) != 0)
        {
            cursor.U32();
        }

        var compression = cursor.Vint();
        cursor.Vint(); // host OS
        var nameLength = cursor.Vint();
        var nameBytes = cursor.Take(nameLength > int.MaxValue ? -1 : (int)nameLength);
        if (!cursor.Ok)
        {
            return false;
        }

        if ((fileFlags & FileFlagDirectory) != 0)
        {
            return true;
        }

        var child = writer.Add(ZipNames.DecodeGuessing(nameBytes), NameSource.ArchiveEntry);
        if (child is null)
        {
            return true;
        }

        child.DeclaredSize = unpackedSize > long.MaxValue ? long.MaxValue : (long)unpackedSize;
        var method = (compression >> 7) & 7;
        if (HasEncryptionRecord(extra))
        {
            child.IsEncrypted = true;
            context.Report(ArchiveAnomalies.EncryptedEntry, child.Path, "encrypted rar5 member: content not checked");
        }
        else if (method == 0 && (flags & (FlagSplitBefore | FlagSplitAfter)) == 0)
        {
            writer.CopyContent(child, new WindowStream(stream, dataStart, Math.Min(dataSize, child.DeclaredSize.Value)), dataSize);
        }
        else
        {
            context.Report(ArchiveAnomalies.UnsupportedMethod, child.Path, "rar5 compressed member listed, not decompressed");
        }

        return true;
    }

    private void Broken(string detail) => context.Report(ArchiveAnomalies.Broken, archive.Path, detail);

    /// <summary>Extra area records: vint size (from the type on), vint type, data.</summary>
    private static bool HasEncryptionRecord(ReadOnlySpan<byte> extra)
    {
        var cursor = new SpanCursor(extra);
        while (cursor.Remaining > 0)
        {
            var size = cursor.Vint();
            var start = cursor.Position;
            var type = cursor.Vint();
            if (!cursor.Ok || size == 0 || size > (ulong)(extra.Length - start))
            {
                return false;
            }

            if (type == ExtraEncryption)
            {
                return true;
            }

            cursor.Take((int)size - (cursor.Position - start));
        }

        return false;
    }
}
