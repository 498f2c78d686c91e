using Vigil.Mime.Model;

namespace Vigil.Mime.Decoding;

/// <summary>
/// The second reading of a quoted-printable part: broken escapes dropped instead of kept. Clients
/// disagree here, and a sender can write each byte as "=0=50" so that one reading is garbage and
/// the other the payload; the scanners must see both. The second decoder runs beside the first
/// but keeps nothing until the first meets a broken escape: up to there both readings are equal,
/// so the alternative starts as a copy of what the part holds so far. The result becomes a child
/// of the part, "&lt;part&gt;/#qp-alt", with the part's type, encoding and names, so policy and
/// scanners judge it as they judge the part.
/// </summary>
internal sealed class QuotedPrintableAlternative(Entity part, AnalysisContext context) : IDisposable
{
    /// <summary>The last segment of the alternative's path.</summary>
    public const string PathSuffix = "#qp-alt";

    private readonly QuotedPrintableDecoder _decoder = new(dropInvalidEscapes: true);
    private readonly AlternativeReading _reading = new(part, context, PathSuffix);

    /// <summary>
    /// Decodes the chunk the part's own decoder has just decoded. <paramref name="scratch"/> is its
    /// (already stored) output buffer, reused; <paramref name="partLengthBefore"/> is the part's
    /// length before that chunk.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> input, Span<byte> scratch, DecoderIssues partIssues, long partLengthBefore)
    {
        if (_reading.Stopped)
        {
            return;
        }

        var n = _decoder.Decode(input, scratch);
        Keep(scratch[..n], partIssues, partLengthBefore);
    }

    /// <summary>Ends the input and, when the readings differ, adds the alternative to the part.</summary>
    public void Finish(DecoderIssues partIssues, long partLengthBefore)
    {
        if (!_reading.Stopped)
        {
            Span<byte> tail = stackalloc byte[64];
            var n = _decoder.Finish(tail);
            Keep(tail[..n], partIssues, partLengthBefore);
        }

        _reading.AddToPart();
    }

    public void Dispose() => _reading.Dispose();

    private void Keep(ReadOnlySpan<byte> decoded, DecoderIssues partIssues, long partLengthBefore)
    {
        if (!_reading.Started)
        {
            if (!partIssues.HasFlag(DecoderIssues.InvalidCharacters))
            {
                // No broken escape yet: this reading equals the part's own.
                return;
            }

            // The part's bytes decoded before the first broken escape are this reading's too.
            _reading.Start(partLengthBefore);
        }

        _reading.Store(decoded);
    }
}
