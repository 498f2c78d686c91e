namespace Vigil.Engine.Analysis.Archives;

/// <summary>One entry as a zip's central directory (or, for hidden entries, a local header) describes it.</summary>
internal sealed class ZipEntry
{
    public const ushort EncryptedFlag = 1;
    public const ushort DataDescriptorFlag = 1 << 3;
    public const ushort MethodStored = 0;
    public const ushort MethodDeflate = 8;
    public const ushort MethodAes = 99;

    /// <summary>The name from the header, decoded per its flags.</summary>
    public string HeaderName { get; set; } = "";

    /// <summary>The Info-ZIP Unicode Path (extra field 0x7075), when present.</summary>
    public string? UnicodePath { get; set; }

    /// <summary>The name an extractor would most likely use.</summary>
    public string Name => UnicodePath ?? HeaderName;

    public ushort Flags { get; set; }

    public ushort Method { get; set; }

    /// <summary>The real compression method of an AES-encrypted entry (from extra field 0x9901).</summary>
    public ushort? AesInnerMethod { get; set; }

    public long CompressedSize { get; set; }

    public long UncompressedSize { get; set; }

    /// <summary>Offset of the local header as recorded (before the directory's bias is applied).</summary>
    public long LocalHeaderOffset { get; set; }

    /// <summary>A local header whose sizes come after the data (flag bit 3), read without a directory.</summary>
    public bool SizeUnknown { get; set; }

    public bool IsEncrypted => (Flags & EncryptedFlag) != 0 || Method == MethodAes;

    public bool IsDirectory => EntryNames.LooksLikeDirectory(Name) && UncompressedSize == 0;

    public static string MethodName(ushort method) => method switch
    {
        0 => "stored",
        1 => "shrunk",
        6 => "imploded",
        8 => "deflate",
        9 => "deflate64",
        12 => "bzip2",
        14 => "lzma",
        93 => "zstd",
        95 => "xz",
        96 => "jpeg",
        97 => "wavpack",
        98 => "ppmd",
        99 => "aes",
        _ => "unknown",
    };
}
