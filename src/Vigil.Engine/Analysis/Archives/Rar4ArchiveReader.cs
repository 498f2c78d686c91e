using System.Buffers.Binary;
using System.Buffers;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Lists a RAR 1.5-4.x archive from its block headers: names, sizes, encryption. RAR compression
/// is not ours to undo, so only stored members get content; the rest are listed for policy.
/// </summary>
internal sealed class Rar4ArchiveReader(Entity archive, Stream stream, MemberWriter writer, AnalysisContext context)
{
    private const int SignatureLength = 7;
    private const int BaseHeaderSize = 7;
    private const int FileHeaderSize = 32;
    private const byte TypeMain = 0x73;
    private const byte TypeFile = 0x74;
    private const byte TypeEnd = 0x7b;
    private const ushort FlagLongBlock = 0x8000;
    private const ushort MainFlagEncryptedHeaders = 0x0080;
    private const ushort FileFlagEncrypted = 0x0004;
    private const ushort FileFlagLarge = 0x0100;
    private const ushort FileFlagUnicode = 0x0200;
    private const ushort FileFlagDirectoryMask = 0x00e0;
    private const ushort FileFlagSplitBefore = 0x0001;
    private const ushort FileFlagSplitAfter = 0x0002;
    private const byte MethodStore = 0x30;


    public void Read()
    {
        var length = stream.Length;
        long position = SignatureLength;
        var header = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            // Every block is at least its base header long, so the loop ends with the stream.
            while (position + BaseHeaderSize <= length && !writer.Stopped && context.Budget.CheckTime(archive.Path))
            {
                var baseHeader = header.AsSpan(0, BaseHeaderSize);
                if (!StreamReads.TryReadExactlyAt(stream, position, baseHeader))
                {
                    break;
                }

                var type = baseHeader[2];
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(baseHeader[3..]);
                int headSize = BinaryPrimitives.ReadUInt16LittleEndian(baseHeader[5..]);
                if (headSize < BaseHeaderSize)
                {
                    Broken($"rar block header too short at offset {position}");
                    return;
                }

                var block = header.AsSpan(0, headSize);
                if (!StreamReads.TryReadExactlyAt(stream, position, block))
                {
                    Broken($"rar truncated inside a block header at offset {position}");
                    return;
                }

                long addSize = (flags & FlagLongBlock) != 0 && headSize >= BaseHeaderSize + 4
                    ? BinaryPrimitives.ReadUInt32LittleEndian(block[BaseHeaderSize..])
                    : 0;
                switch (type)
                {
                    case TypeMain when (flags & MainFlagEncryptedHeaders) != 0:
                        context.Report(ArchiveAnomalies.EncryptedEntry, archive.Path, "rar with encrypted headers: member names hidden");
                        return;
                    case TypeFile:
                        if (!ReadFile(block, flags, position + headSize, out addSize))
                        {
                            Broken($"rar file header damaged at offset {position}");
                            return;
                        }

                        break;
                    case TypeEnd:
                        return;
                    default:
                        break;
                }

                var next = position + headSize + addSize;
                if (next > length)
                {
                    Broken($"rar truncated inside a block at offset {position}");
                    return;
                }

                position = next;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    private bool ReadFile(ReadOnlySpan<byte> block, ushort flags, long dataStart, out long packSize)
    {
        var cursor = new SpanCursor(block);
        cursor.Take(BaseHeaderSize);
        packSize = cursor.U32();
        long unpackedSize = cursor.U32();
        var hostOs = cursor.U8();
        cursor.Take(4 + 4 + 1); // file crc, time, version needed
        var method = cursor.U8();
        var nameSize = cursor.U16();
        cursor.U32(); // attributes
        if ((flags & FileFlagLarge) != 0)
        {
            packSize |= (long)cursor.U32() << 32;
            unpackedSize |= (long)cursor.U32() << 32;
        }

        var nameBytes = cursor.Take(nameSize);
        if (!cursor.Ok || block.Length < FileHeaderSize)
        {
            return false;
        }

        if ((flags & FileFlagDirectoryMask) == FileFlagDirectoryMask)
        {
            return true;
        }

        // Unix hosts write UTF-8; others their OEM code page unless the unicode flag says otherwise.
        var name = (flags & FileFlagUnicode) != 0 ? RarNames.DecodeUnicode(nameBytes)
            : hostOs == 3 ? ZipNames.DecodeGuessing(nameBytes)
            : ZipNames.Decode(nameBytes, utf8: false);
        var child = writer.Add(name, NameSource.ArchiveEntry);
        if (child is null)
        {
            return true;
        }

        child.DeclaredSize = unpackedSize;
        if ((flags & FileFlagEncrypted) != 0)
        {
            child.IsEncrypted = true;
            context.Report(ArchiveAnomalies.EncryptedEntry, child.Path, "encrypted rar member: content not checked");
        }
        else if (method == MethodStore && (flags & (FileFlagSplitBefore | FileFlagSplitAfter)) == 0)
        {
            writer.CopyContent(child, new WindowStream(stream, dataStart, Math.Min(packSize, unpackedSize)), packSize);
        }
        else
        {
            context.Report(ArchiveAnomalies.UnsupportedMethod, child.Path, "rar compressed member listed, not decompressed");
        }

        return true;
    }

    private void Broken(string detail) => context.Report(ArchiveAnomalies.Broken, archive.Path, detail);
}
