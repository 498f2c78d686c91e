namespace Vigil.Mime.Decoding;

/// <summary>What a decoder saw wrong with its input. Each flag becomes an anomaly.</summary>
[Flags]
public enum DecoderIssues
{
    None = 0,

    /// <summary>Characters outside the encoding's alphabet were skipped (base64 junk, bad QP escape).</summary>
    InvalidCharacters = 1,

    /// <summary>The input ended inside a unit (a base64 quantum, a QP escape, a uuencode line).</summary>
    Truncated = 2,

    /// <summary>Data continued after base64 padding (a second base64 stream glued on).</summary>
    DataAfterPadding = 4,

    /// <summary>A line was longer than the encoding allows.</summary>
    LongLine = 8,

    /// <summary>A checksum or length in the encoding did not match (BinHex CRC, yEnc size/crc32).</summary>
    ChecksumMismatch = 16,
}
