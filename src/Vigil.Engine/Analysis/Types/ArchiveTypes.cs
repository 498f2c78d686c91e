using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>Archives, compressors and disk images. Zip-based documents are told apart by <see cref="ZipInspector"/>.</summary>
internal static class ArchiveTypes
{
    public static readonly DetectedType Zip = new("zip", "Zip archive data", ContentKind.Archive, "application/zip");

    public static readonly DetectedType Rar4 = new("rar", "RAR archive data, v4", ContentKind.Archive, "application/vnd.rar");

    public static readonly DetectedType Rar5 = new("rar", "RAR archive data, v5", ContentKind.Archive, "application/vnd.rar");

    public static readonly DetectedType SevenZip = new("7z", "7-zip archive data", ContentKind.Archive, "application/x-7z-compressed");

    public static readonly DetectedType Gzip = new("gzip", "gzip compressed data", ContentKind.Archive, "application/gzip");

    public static readonly DetectedType Bzip2 = new("bzip2", "bzip2 compressed data", ContentKind.Archive, "application/x-bzip2");

    public static readonly DetectedType Xz = new("xz", "XZ compressed data", ContentKind.Archive, "application/x-xz");

    public static readonly DetectedType Zstd = new("zstd", "Zstandard compressed data", ContentKind.Archive, "application/zstd");

    public static readonly DetectedType Lz4 = new("lz4", "LZ4 compressed data", ContentKind.Archive, "application/x-lz4");

    public static readonly DetectedType Compress = new("compress", "compress'd data (.Z)", ContentKind.Archive, "application/x-compress");

    public static readonly DetectedType Tar = new("tar", "POSIX tar archive", ContentKind.Archive, "application/x-tar");

    public static readonly DetectedType GnuTar = new("tar", "GNU tar archive", ContentKind.Archive, "application/x-tar");

    public static readonly DetectedType OldTar = new("tar", "tar archive (V7)", ContentKind.Archive, "application/x-tar");

    public static readonly DetectedType Cab = new("cab", "Microsoft Cabinet archive data", ContentKind.Archive, "application/vnd.ms-cab-compressed");

    public static readonly DetectedType Iso9660 = new("iso9660", "ISO 9660 CD-ROM filesystem data", ContentKind.Archive, "application/x-iso9660-image");

    public static readonly DetectedType Udf = new("udf", "UDF filesystem data", ContentKind.Archive, "application/x-iso9660-image");

    public static readonly DetectedType Arj = new("arj", "ARJ archive data", ContentKind.Archive, "application/x-arj");

    public static readonly DetectedType Lha = new("lha", "LHarc/LHA archive data", ContentKind.Archive, "application/x-lzh-compressed");

    public static readonly DetectedType Cpio = new("cpio", "cpio archive", ContentKind.Archive, "application/x-cpio");

    public static readonly DetectedType Ar = new("ar", "current ar archive", ContentKind.Archive, "application/x-archive");

    public static readonly DetectedType Deb = new("deb", "Debian binary package", ContentKind.Archive, "application/vnd.debian.binary-package");

    public static readonly DetectedType Rpm = new("rpm", "RPM package", ContentKind.Archive, "application/x-rpm");

    /// <summary>Outlook's winmail.dat: a container of attachments (expanded by the TNEF reader).</summary>
    public static readonly DetectedType Tnef = new("tnef", "Transport Neutral Encapsulation Format (winmail.dat)", ContentKind.Archive, "application/vnd.ms-tnef");

    public static readonly DetectedType Ace = new("ace", "ACE archive data", ContentKind.Archive, "application/x-ace-compressed");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Zip, Rar4, Rar5, SevenZip, Gzip, Bzip2, Xz, Zstd, Lz4, Compress, Tar, GnuTar, OldTar, Cab, Iso9660, Udf, Arj, Lha, Cpio, Ar, Deb, Rpm, Tnef, Ace];

    public static ContentProbe[] Probes { get; } =
    [
        ProbeZip,
        ProbeMagic,
        ProbeTar,
        ProbeArj,
        ProbeLha,
        ProbeDiskImage,
    ];

    private static ReadOnlySpan<byte> Rar4Magic => "Rar!\x1A\x07\x00"u8;

    private static ReadOnlySpan<byte> Rar5Magic => "Rar!\x1A\x07\x01\x00"u8;

    private static ReadOnlySpan<byte> SevenZipMagic => [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];

    private static ReadOnlySpan<byte> XzMagic => [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00];

    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xB5, 0x2F, 0xFD];

    private static ReadOnlySpan<byte> Lz4Magic => [0x04, 0x22, 0x4D, 0x18];

    private static ReadOnlySpan<byte> BzipBlockMagic => [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];

    private static ReadOnlySpan<byte> BzipEndMagic => [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];

    private static ReadOnlySpan<byte> TnefMagic => [0x78, 0x9F, 0x3E, 0x22];

    private static ReadOnlySpan<byte> RpmMagic => [0xED, 0xAB, 0xEE, 0xDB];

    /// <summary>
    /// Local file header, an empty archive (end record only), a spanned archive's marker
    /// (PK 07 08 or PK00 before the first header).
    /// </summary>
    private static DetectedType? ProbeZip(ref ContentReader content)
    {
        if (content.HasAt(0, "PK\x03\x04"u8))
        {
            return ZipInspector.Classify(ref content, 0);
        }

        if (content.HasAt(0, "PK\x05\x06"u8))
        {
            return Zip;
        }

        if ((content.HasAt(0, "PK\x07\x08"u8) || content.HasAt(0, "PK00"u8)) && content.HasAt(4, "PK\x03\x04"u8))
        {
            return ZipInspector.Classify(ref content, 4);
        }

        return null;
    }

    private static DetectedType? ProbeMagic(ref ContentReader content)
    {
        var head = content.Head;
        if (content.HasAt(0, Rar5Magic))
        {
            return Rar5;
        }

        if (content.HasAt(0, Rar4Magic))
        {
            return Rar4;
        }

        if (content.HasAt(0, SevenZipMagic))
        {
            return SevenZip;
        }

        // gzip: magic, deflate method, no reserved flag bits.
        if (head.Length >= 4 && head[0] == 0x1F && head[1] == 0x8B && head[2] == 8 && (head[3] & 0xE0) == 0)
        {
            return Gzip;
        }

        if (content.HasAt(0, "BZh"u8) && head.Length >= 4 && head[3] is >= (byte)'1' and <= (byte)'9'
            && (head.Length < 10 || content.HasAt(4, BzipBlockMagic) || content.HasAt(4, BzipEndMagic)))
        {
            return Bzip2;
        }

        if (content.HasAt(0, XzMagic))
        {
            return Xz;
        }

        if (content.HasAt(0, ZstdMagic))
        {
            return Zstd;
        }

        if (content.HasAt(0, Lz4Magic))
        {
            return Lz4;
        }

        if (head.Length >= 3 && head[0] == 0x1F && head[1] == 0x9D)
        {
            return Compress;
        }

        // MSCF, a reserved zero, and a cabinet size that fits.
        if (content.HasAt(0, "MSCF\0\0\0\0"u8) && (head.Length < 12 || content.U32LE(8) >= 36))
        {
            return Cab;
        }

        if (IsCpio(head))
        {
            return Cpio;
        }

        if (content.HasAt(0, TnefMagic))
        {
            return Tnef;
        }

        if (content.HasAt(0, "!<arch>\n"u8))
        {
            return content.HasAt(8, "debian-binary"u8) ? Deb : Ar;
        }

        if (content.HasAt(0, RpmMagic))
        {
            return Rpm;
        }

        return content.HasAt(7, "**ACE**"u8) ? Ace : null;
    }

    /// <summary>
    /// cpio: the binary header (070707 octal as a 16-bit word, either byte order) or an ASCII one,
    /// whose every field is digits; checking them keeps a text starting "070701..." (a phone
    /// number, say) from passing.
    /// </summary>
    private static bool IsCpio(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 26 && (head[0] == 0xC7 && head[1] == 0x71 || head[0] == 0x71 && head[1] == 0xC7))
        {
            return true;
        }

        if (head.StartsWith("070707"u8))
        {
            return head.Length >= 76 && head[6..76].IndexOfAnyExceptInRange((byte)'0', (byte)'7') < 0;
        }

        if (head.StartsWith("070701"u8) || head.StartsWith("070702"u8))
        {
            return head.Length >= 110 && IsHexDigits(head[6..110]);
        }

        return false;
    }

    private static bool IsHexDigits(ReadOnlySpan<byte> field)
    {
        foreach (var b in field)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"ustar" at 257 (POSIX "ustar\0" or old GNU "ustar  "), else a V7 header whose checksum adds up.</summary>
    private static DetectedType? ProbeTar(ref ContentReader content)
    {
        if (content.HasAt(257, "ustar\0"u8))
        {
            return Tar;
        }

        if (content.HasAt(257, "ustar  \0"u8) || content.HasAt(257, "ustar "u8))
        {
            return GnuTar;
        }

        return HasValidV7TarHeader(content.Head) ? OldTar : null;
    }

    private static bool HasValidV7TarHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < 512 || head[0] == 0)
        {
            return false;
        }

        var typeFlag = head[156];
        if (typeFlag is not (0 or (>= (byte)'0' and <= (byte)'7')))
        {
            return false;
        }

        // The stored checksum: octal digits, ended by NUL or space.
        long stored = 0;
        var digits = 0;
        var i = 148;
        while (i < 156 && head[i] == ' ')
        {
            i++;
        }

        for (; i < 156 && head[i] is >= (byte)'0' and <= (byte)'7'; i++)
        {
            stored = (stored * 8) + (head[i] - '0');
            digits++;
        }

        if (digits == 0 || (i < 156 && head[i] is not (0 or (byte)' ')))
        {
            return false;
        }

        long unsignedSum = 0;
        long signedSum = 0;
        for (var j = 0; j < 512; j++)
        {
            var b = j is >= 148 and < 156 ? (byte)' ' : head[j];
            unsignedSum += b;
            signedSum += (sbyte)b;
        }

        return stored == unsignedSum || stored == signedSum;
    }

    /// <summary>ARJ: 60 EA, a basic header size up to 2600, and the main header's file type 2.</summary>
    private static DetectedType? ProbeArj(ref ContentReader content)
    {
        var head = content.Head;
        if (head.Length < 11 || head[0] != 0x60 || head[1] != 0xEA)
        {
            return null;
        }

        var headerSize = content.U16LE(2);
        return headerSize is > 0 and <= 2600 && head[10] == 2 ? Arj : null;
    }

    /// <summary>LHA: a method id such as "-lh5-" or "-lzs-" at offset 2.</summary>
    private static DetectedType? ProbeLha(ref ContentReader content)
    {
        var head = content.Head;
        if (head.Length < 21 || head[2] != '-' || head[3] != 'l' || head[6] != '-')
        {
            return null;
        }

        var isMethod = (head[4] == 'h' && (head[5] is >= (byte)'0' and <= (byte)'7' or (byte)'d'))
            || (head[4] == 'z' && head[5] is (byte)'s' or (byte)'4' or (byte)'5');
        return isMethod && head[20] <= 3 ? Lha : null;
    }

    /// <summary>An ISO 9660 (or UDF) volume descriptor at sector 16, 32 KiB in: needs the whole content.</summary>
    private static DetectedType? ProbeDiskImage(ref ContentReader content)
    {
        const int descriptorOffset = 0x8001;
        if (content.Length < descriptorOffset + 5)
        {
            return null;
        }

        Span<byte> identifier = stackalloc byte[5];
        if (content.ReadAt(descriptorOffset, identifier) != 5)
        {
            return null;
        }

        if (identifier.SequenceEqual("CD001"u8))
        {
            return Iso9660;
        }

        return identifier.SequenceEqual("BEA01"u8) ? Udf : null;
    }
}
