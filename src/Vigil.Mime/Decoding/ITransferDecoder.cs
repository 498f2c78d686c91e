namespace Vigil.Mime.Decoding;

/// <summary>
/// A streaming decoder for one content transfer encoding (base64, quoted-printable, ...). Input
/// arrives in chunks cut anywhere, even inside an escape or a base64 quantum; the decoder keeps
/// what it needs between calls. Decoders never throw on bad input: they decode what they can
/// and set <see cref="Issues"/>.
/// </summary>
public interface ITransferDecoder
{
    /// <summary>What was wrong with the input so far.</summary>
    DecoderIssues Issues { get; }

    /// <summary>
    /// Decodes the next chunk into <paramref name="output"/>, which must hold at least
    /// <see cref="TransferDecoding.MaxOutputLength"/>(input.Length) bytes. Returns bytes written.
    /// </summary>
    int Decode(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>Ends the input; writes what is still held (at most 16 bytes) and returns its length.</summary>
    int Finish(Span<byte> output);
}
