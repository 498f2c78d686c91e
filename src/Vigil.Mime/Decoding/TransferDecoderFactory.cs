namespace Vigil.Mime.Decoding;

/// <summary>Picks the decoder for a Content-Transfer-Encoding value.</summary>
public static class TransferDecoderFactory
{
    /// <summary>
    /// A new decoder for <paramref name="contentTransferEncoding"/> (case, blanks, quotes and any
    /// ";..." tail ignored), or null when the content needs no decoding (7bit, 8bit, binary, none
    /// given) and also when the encoding is unknown. Use <see cref="IsKnown"/> to tell those two
    /// apart: for an unknown encoding the caller decides (RFC 2049 says treat the part as
    /// application/octet-stream; a gateway should also record an anomaly and scan the raw bytes).
    /// </summary>
    public static ITransferDecoder? Create(string? contentTransferEncoding) =>
        Canonical(contentTransferEncoding) switch
        {
            "base64" => new Base64Decoder(),
            "quoted-printable" => new QuotedPrintableDecoder(),
            _ => null,
        };

    /// <summary>True for the encodings this factory understands, including the identity ones.</summary>
    public static bool IsKnown(string? contentTransferEncoding) =>
        Canonical(contentTransferEncoding) is "" or "7bit" or "8bit" or "binary" or "base64" or "quoted-printable";

    /// <summary>The encoding's token in lower case, "" when none was given.</summary>
    public static string Canonical(string? contentTransferEncoding)
    {
        if (contentTransferEncoding is null)
        {
            return "";
        }

        var value = contentTransferEncoding.AsSpan();
        var semicolon = value.IndexOf(';');
        if (semicolon >= 0)
        {
            value = value[..semicolon];
        }

        value = value.Trim().Trim('"').Trim();
        return value.ToString().ToLowerInvariant();
    }
}
