using System.Buffers.Binary;
using Vigil.Mime.Spooling;

namespace Vigil.Engine.Analysis.Archives;

/// <summary>
/// Recognises archives by their bytes, never by name or declared type: a zip called photo.jpg is
/// still a zip, and an executable with a zip appended (a self-extractor) is one too.
/// </summary>
public static class ArchiveSniffer
{
    public static ArchiveFormat Detect(ContentSpool content)
    {
        var head = content.Head;
        var format = Detect(head);
        if (format != ArchiveFormat.None)
        {
            return format;
        }

        // Self-extractors: a Windows executable whose tail holds a zip directory. Also a zip with
        // bytes before it (a few junk bytes from a broken base64 header, say): unzip and 7-Zip
        // open it from its directory, so a local header in the head is enough to look.
        if ((head.StartsWith("MZ"u8) || head.IndexOf("PK\u0003\u0004"u8) > 0) && content.Length > ZipSignatures.EndOfDirectorySize)
        {
            using var stream = content.OpenRead();
            if (ZipLocator.TryLocate(stream, out var directory) && directory.End > directory.Start)
            {
                return ArchiveFormat.Zip;
            }
        }

        return ArchiveFormat.None;
    }

    /// <summary>
    /// The format the first bytes announce (at least 512 are needed to see a tar). Type detection
    /// asks this same method, so what is called an archive is exactly what is opened as one.
    /// </summary>
    public static ArchiveFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8)
            || ((head.StartsWith("PK\u0007\u0008"u8) || head.StartsWith("PK00"u8)) && head[4..].StartsWith("PK\u0003\u0004"u8)))
        {
            return ArchiveFormat.Zip;
        }

        // gzip: magic, deflate, and no reserved flag bits set.
        if (head.Length >= 4 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8 && (head[3] & 0xe0) == 0)
        {
            return ArchiveFormat.Gzip;
        }

        if (head.StartsWith("Rar!\u001a\u0007\u0000"u8))
        {
            return ArchiveFormat.Rar4;
        }

        if (head.StartsWith("Rar!\u001a\u0007\u0001\u0000"u8))
        {
            return ArchiveFormat.Rar5;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
        {
            return ArchiveFormat.SevenZip;
        }

        // MSCF, a reserved zero, and a cabinet size that can hold its own header.
        if (head.StartsWith("MSCF\0\0\0\0"u8) && (head.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(head[8..]) >= 36))
        {
            return ArchiveFormat.Cab;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
        {
            return ArchiveFormat.Xz;
        }

        // lzip: "LZIP" and version 0 or 1.
        if (head.Length >= 6 && head.StartsWith("LZIP"u8) && head[4] <= 1)
        {
            return ArchiveFormat.Lzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]))
        {
            return ArchiveFormat.Zstd;
        }

        if (IsBzip2(head))
        {
            return ArchiveFormat.Bzip2;
        }

        if (IsArj(head))
        {
            return ArchiveFormat.Arj;
        }

        if (head.Length >= 14 && head[7..].StartsWith("**ACE**"u8))
        {
            return ArchiveFormat.Ace;
        }

        if (IsArc(head))
        {
            return ArchiveFormat.Arc;
        }

        if (head.Length >= TarHeader.BlockSize && IsTar(head[..TarHeader.BlockSize]))
        {
            return ArchiveFormat.Tar;
        }

        return ArchiveFormat.None;
    }

    /// <summary>What opens each format; nothing reads cabinets, so they are reported unreadable.</summary>
    public static ArchiveOpener OpenerOf(ArchiveFormat format) => format switch
    {
        ArchiveFormat.Zip or ArchiveFormat.Gzip or ArchiveFormat.Tar => ArchiveOpener.Native,
        ArchiveFormat.None or ArchiveFormat.Cab => ArchiveOpener.None,
        _ => ArchiveOpener.Library,
    };

    /// <summary>
    /// ARC (SEA's, 1985): 0x1A, a method byte (1..9 in the formats still met), then a NUL-ended
    /// 13-byte DOS name. The magic is one byte, so the name must be printable for it to count.
    /// </summary>
    private static bool IsArc(ReadOnlySpan<byte> head)
    {
        if (head.Length < 29 || head[0] != 0x1a || head[1] is < 1 or > 9)
        {
            return false;
        }

        var name = head.Slice(2, 13);
        var end = name.IndexOf((byte)0);
        return end > 0 && name[..end].IndexOfAnyExceptInRange((byte)0x21, (byte)0x7e) < 0;
    }

    /// <summary>"BZh" and a block size digit, then a block or end-of-stream magic.</summary>
    private static bool IsBzip2(ReadOnlySpan<byte> head) =>
        head.Length >= 10 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9'
        && (head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
            || head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90]));

    /// <summary>The two-byte ARJ magic is weak, so also ask for a sane header size and the main-header file type.</summary>
    private static bool IsArj(ReadOnlySpan<byte> head)
    {
        if (head.Length < 11 || head[0] != 0x60 || head[1] != 0xea)
        {
            return false;
        }

        var size = head[2] | (head[3] << 8);
        return size is > 0 and <= 2600 && head[10] == 2;
    }

    /// <summary>ustar magic, or an old (v7/GNU) header that checks out: a name and a valid checksum.</summary>
    private static bool IsTar(ReadOnlySpan<byte> header)
    {
        if (!TarHeader.ChecksumMatches(header))
        {
            return false;
        }

        return TarHeader.HasUstarMagic(header) || (header[0] != 0 && TarHeader.Size(header) >= 0);
    }
}
