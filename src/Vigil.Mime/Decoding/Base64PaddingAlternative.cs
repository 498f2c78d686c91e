using System.Buffers;
using Vigil.Mime.Model;

namespace Vigil.Mime.Decoding;

/// <summary>
/// The second reading of a base64 part with '=' in the middle of its data ("UEsDBBQ=Ag=I=BFK",
/// or a line that ends in '=' followed by more lines): a decoder with a plain lookup table takes
/// every '=' as 0 ('A'), a careful one as padding (Vigil's own decoder then goes on, Python's
/// email stops), so one client shows garbage and another the payload. The result becomes a child
/// "&lt;part&gt;/#b64-alt" with the part's type, encoding and names.
/// </summary>
/// <remarks>
/// The reading forks at the chunk that holds the part's first '=', so every '=' of the part is
/// read as 0, not only those after the one that gave the trick away: up to that chunk the two
/// decoders are in the same state. Almost every base64 body has an '=' in its last line, so
/// the reading is kept only once a base64 digit follows an '=' (mid-stream padding); until then
/// its output waits in a small buffer and the part's prefix is not copied, so ordinary mail
/// costs one extra decode of its last chunk and no decoded bytes of the budget.
/// </remarks>
internal sealed class Base64PaddingAlternative : IDisposable
{
    /// <summary>The last segment of the alternative's path.</summary>
    public const string PathSuffix = "#b64-alt";

    // Output held before the reading is known to differ: the chunk with the first '=' and what
    // '=' alone adds after it. Past this much the reading starts anyway (no encoder writes that).
    private const int MaxPending = 256 * 1024;

    private readonly Base64Decoder _decoder;
    private readonly AlternativeReading _reading;
    private readonly long _forkLength;
    private byte[] _pending = [];
    private int _pendingLength;
    private bool _afterEquals;

    /// <param name="partDecoder">The part's decoder, before it decodes the chunk with the first '='.</param>
    /// <param name="partLengthBefore">The part's decoded length before that chunk.</param>
    public Base64PaddingAlternative(Entity part, AnalysisContext context, Base64Decoder partDecoder, long partLengthBefore)
    {
        _decoder = partDecoder.ForkReadingPaddingAsZero();
        _reading = new AlternativeReading(part, context, PathSuffix);
        _forkLength = partLengthBefore;
    }

    /// <summary>Whether a base64 digit has followed an '=', so the readings differ.</summary>
    public bool MidStreamPadding { get; private set; }

    /// <summary>Decodes the chunk the part's decoder is given; <paramref name="scratch"/> is a buffer large enough for it.</summary>
    public void Decode(ReadOnlySpan<byte> input, Span<byte> scratch)
    {
        if (_reading.Stopped)
        {
            return;
        }

        if (!MidStreamPadding)
        {
            var from = _afterEquals ? 0 : input.IndexOf((byte)'=');
            if (from >= 0)
            {
                _afterEquals = true;
                MidStreamPadding = input[from..].IndexOfAny(Base64Alphabet.Digits) >= 0;
            }
        }

        Keep(scratch[.._decoder.Decode(input, scratch)]);
    }

    /// <summary>Ends the input and, when the readings differ, adds the alternative to the part.</summary>
    public void Finish()
    {
        if (!_reading.Stopped)
        {
            Span<byte> tail = stackalloc byte[64];
            Keep(tail[.._decoder.Finish(tail)]);
        }

        if (_reading.Started)
        {
            _reading.AddToPart();
        }
    }

    public void Dispose()
    {
        ReturnPending();
        _reading.Dispose();
    }

    private void Keep(ReadOnlySpan<byte> decoded)
    {
        if (!_reading.Started && (MidStreamPadding || _pendingLength + decoded.Length > MaxPending))
        {
            _reading.Start(_forkLength);
            _reading.Store(_pending.AsSpan(0, _pendingLength));
            ReturnPending();
        }

        if (_reading.Started)
        {
            _reading.Store(decoded);
            return;
        }

        if (_pendingLength + decoded.Length > _pending.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_pendingLength + decoded.Length, 4096));
            var length = _pendingLength;
            _pending.AsSpan(0, length).CopyTo(grown);
            ReturnPending();
            _pending = grown;
            _pendingLength = length;
        }

        decoded.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += decoded.Length;
    }

    private void ReturnPending()
    {
        if (_pending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_pending);
        }

        _pending = [];
        _pendingLength = 0;
    }
}
