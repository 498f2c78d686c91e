namespace Vigil.Mime.Model;

/// <summary>Where a file name was read from; a client may use any of them, so policy checks all.</summary>
public enum NameSource
{
    ContentDispositionFilename,
    ContentTypeName,
    ContentLocation,
    Uuencode,
    BinHex,
    YEnc,
    TnefTitle,
    TnefLongFilename,
    TnefDisplayName,
    ArchiveEntry,
    GzipHeader,

    /// <summary>The name MimeKit, the second parser, reads for the part.</summary>
    SecondParser,
}
