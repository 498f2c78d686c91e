namespace Vigil.Mime.Decoding;

/// <summary>
/// Copies its input: for callers that want one code path for every part, whether or not it has
/// a transfer encoding (7bit, 8bit, binary, none).
/// </summary>
public sealed class IdentityDecoder : ITransferDecoder
{
    public DecoderIssues Issues => DecoderIssues.None;

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        input.CopyTo(output);
        return input.Length;
    }

    public int Finish(Span<byte> output) => 0;
}
