using Vigil.Mime.Decoding;

namespace Vigil.Mime.Tests.Decoding;

/// <summary>Feeds a decoder its input in chunks of a given size, as a parser reading a stream would.</summary>
internal static class DecoderRunner
{
    public static byte[] Run(ITransferDecoder decoder, ReadOnlySpan<byte> input, int chunkSize)
    {
        using var result = new MemoryStream();
        var output = new byte[TransferDecoding.MaxOutputLength(chunkSize)];
        for (var offset = 0; offset < input.Length; offset += chunkSize)
        {
            var chunk = input.Slice(offset, Math.Min(chunkSize, input.Length - offset));
            var n = decoder.Decode(chunk, output);
            result.Write(output, 0, n);
        }

        var tail = decoder.Finish(output);
        result.Write(output, 0, tail);
        return result.ToArray();
    }

    public static byte[] Run(ITransferDecoder decoder, string ascii, int chunkSize = 4096) =>
        Run(decoder, System.Text.Encoding.Latin1.GetBytes(ascii), chunkSize);
}
