using Vigil.Mime.Model;

namespace Vigil.Mime.Decoding;

/// <summary>
/// The second reading of a base64 part with padding inside a line ("UEsDBBQ=Ag=I=BFK"): a decoder
/// with a plain lookup table takes '=' as 0 ('A'), a careful one as padding, so one client shows
/// garbage and another the payload. It starts when the part's sink first sees such a line: up to
/// there both readings are equal, so it begins as a copy of what the part holds and a decoder
/// forked from the part's own (<see cref="Base64Decoder.ForkReadingPaddingAsZero"/>). The result
/// becomes a child "&lt;part&gt;/#b64-alt" with the part's type, encoding and names.
/// </summary>
internal sealed class Base64PaddingAlternative : IDisposable
{
    /// <summary>The last segment of the alternative's path.</summary>
    public const string PathSuffix = "#b64-alt";

    private readonly Base64Decoder _decoder;
    private readonly AlternativeReading _reading;

    public Base64PaddingAlternative(Entity part, AnalysisContext context, Base64Decoder partDecoder)
    {
        _decoder = partDecoder.ForkReadingPaddingAsZero();
        _reading = new AlternativeReading(part, context, PathSuffix);
        _reading.Start(long.MaxValue);
    }

    /// <summary>Decodes the chunk the part's decoder is given; <paramref name="scratch"/> is a buffer large enough for it.</summary>
    public void Decode(ReadOnlySpan<byte> input, Span<byte> scratch)
    {
        if (!_reading.Stopped)
        {
            _reading.Store(scratch[.._decoder.Decode(input, scratch)]);
        }
    }

    /// <summary>Ends the input and adds the alternative to the part.</summary>
    public void Finish()
    {
        if (!_reading.Stopped)
        {
            Span<byte> tail = stackalloc byte[64];
            _reading.Store(tail[.._decoder.Finish(tail)]);
        }

        _reading.AddToPart();
    }

    public void Dispose() => _reading.Dispose();
}
