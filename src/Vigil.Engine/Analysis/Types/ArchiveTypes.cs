using Vigil.Engine.Analysis.Archives;
using Vigil.Mime.Model;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Archives, compressors and disk images. The formats the expander opens come from its sniffer;
/// zip-based documents are told apart by <see cref="ZipInspector"/>.
/// </summary>
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

    public static readonly DetectedType Lzip = new("lzip", "lzip compressed data", ContentKind.Archive, "application/x-lzip");

    public static readonly DetectedType Arc = new("arc", "ARC archive data", ContentKind.Archive, "application/x-arc");

    public static IReadOnlyList<DetectedType> All { get; } =
        [Zip, Rar4, Rar5, SevenZip, Gzip, Bzip2, Xz, Lzip, Zstd, Lz4, Compress, Tar, GnuTar, OldTar, Cab, Iso9660, Udf, Arj, Lha, Cpio, Ar, Deb, Rpm, Tnef, Ace, Arc];

    public static ContentProbe[] Probes { get; } =
    [
        ProbeExpandable,
        ProbeMagic,
        ProbeLha,
        ProbeDiskImage,
    ];

    private static ReadOnlySpan<byte> Lz4Magic => [0x04, 0x22, 0x4D, 0x18];

    private static ReadOnlySpan<byte> TnefMagic => [0x78, 0x9F, 0x3E, 0x22];

    private static ReadOnlySpan<byte> RpmMagic => [0xED, 0xAB, 0xEE, 0xDB];

    /// <summary>
    /// Every format the archive expander opens (or reports unreadable) is recognised by the
    /// expander's own <see cref="ArchiveSniffer"/>, so type detection and expansion cannot
    /// disagree about the same bytes. Zips are then told apart from the documents and packages
    /// built on them.
    /// </summary>
    private static DetectedType? ProbeExpandable(ref ContentReader content) => ArchiveSniffer.Detect(content.Head) switch
    {
        ArchiveFormat.Zip when content.HasAt(0, "PK\x03\x04"u8) => ZipInspector.Classify(ref content, 0),
        ArchiveFormat.Zip when content.HasAt(4, "PK\x03\x04"u8) => ZipInspector.Classify(ref content, 4),
        ArchiveFormat.Zip => Zip,
        ArchiveFormat.Gzip => Gzip,
        ArchiveFormat.Tar => TarFlavour(ref content),
        ArchiveFormat.Rar4 => Rar4,
        ArchiveFormat.Rar5 => Rar5,
        ArchiveFormat.SevenZip => SevenZip,
        ArchiveFormat.Bzip2 => Bzip2,
        ArchiveFormat.Xz => Xz,
        ArchiveFormat.Lzip => Lzip,
        ArchiveFormat.Zstd => Zstd,
        ArchiveFormat.Arj => Arj,
        ArchiveFormat.Ace => Ace,
        ArchiveFormat.Arc => Arc,
        ArchiveFormat.Cab => Cab,
        _ => null,
    };

    /// <summary>"ustar\0" at 257 is POSIX, "ustar  " old GNU; a header without either is V7.</summary>
    private static DetectedType TarFlavour(ref ContentReader content)
    {
        if (content.HasAt(257, "ustar\0"u8))
        {
            return Tar;
        }

        return content.HasAt(257, "ustar "u8) ? GnuTar : OldTar;
    }

    /// <summary>Formats recognised for their type only: no expander here opens them (clamd reads most).</summary>
    private static DetectedType? ProbeMagic(ref ContentReader content)
    {
        var head = content.Head;
        if (content.HasAt(0, Lz4Magic))
        {
            return Lz4;
        }

        if (head.Length >= 3 && head[0] == 0x1F && head[1] == 0x9D)
        {
            return Compress;
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

        return null;
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
