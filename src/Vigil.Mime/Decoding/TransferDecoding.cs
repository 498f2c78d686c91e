namespace Vigil.Mime.Decoding;

/// <summary>Sizing rule shared by all transfer decoders.</summary>
public static class TransferDecoding
{
    /// <summary>
    /// No transfer encoding decodes to more bytes than it reads, plus what it held from the last
    /// chunk; this is the output size a caller must offer for an input chunk.
    /// </summary>
    public static int MaxOutputLength(int inputLength) => inputLength + 16;
}
