namespace Vigil.Mime.Decoding;

/// <summary>
/// Streaming, lenient quoted-printable (RFC 2045 section 6.7). Chunks may be cut anywhere, also
/// between '=' and its hex digits or inside a soft line break. Soft breaks are "=" CRLF, "=" LF
/// and "=" followed by trailing blanks and then a line break. Hex digits may be lower case.
/// A broken escape is kept literally, as most mail clients show it, and flagged. Other clients
/// drop a broken escape instead; <see cref="QuotedPrintableDecoder(bool)"/> with true gives that
/// reading: the '=' and the two characters that should have been its hex digits go, except an
/// '=' or a line break in those places, which is read again (so "=0=41" gives "A" and "=XX=41"
/// gives "A"). Either way the escape is flagged. Trailing blanks before a hard line break are kept
/// (the RFC allows dropping them; clients keep them).
/// </summary>
public sealed class QuotedPrintableDecoder : ITransferDecoder
{
    // "=" plus the blanks after it are held until we know whether a line break follows; past
    // this many blanks the escape is given up on and written literally (keeps Finish within 16 bytes).
    private const int MaxHeldBlanks = 14;

    private readonly byte[] _blanks = new byte[MaxHeldBlanks];
    private readonly bool _dropInvalid;
    private State _state;
    private byte _firstHex;
    private int _blankCount;

    private enum State
    {
        Text,
        AfterEquals,
        AfterFirstHex,
        AfterEqualsBlanks,
        AfterEqualsCr,

        /// <summary>Dropping a broken escape: the byte in its second hex place goes too.</summary>
        SkipSecondPlace,
    }

    /// <summary>The usual reading: broken escapes are kept literally.</summary>
    public QuotedPrintableDecoder()
        : this(dropInvalidEscapes: false)
    {
    }

    /// <param name="dropInvalidEscapes">True for the other clients' reading: broken escapes are dropped.</param>
    public QuotedPrintableDecoder(bool dropInvalidEscapes)
    {
        _dropInvalid = dropInvalidEscapes;
    }

    public DecoderIssues Issues { get; private set; }

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        var i = 0;
        while (i < input.Length)
        {
            if (_state == State.Text)
            {
                var rest = input[i..];
                var eq = rest.IndexOf((byte)'=');
                if (eq < 0)
                {
                    rest.CopyTo(output[written..]);
                    written += rest.Length;
                    break;
                }

                rest[..eq].CopyTo(output[written..]);
                written += eq;
                i += eq + 1;
                _state = State.AfterEquals;
                continue;
            }

            if (Step(input[i], output, ref written))
            {
                i++;
            }
        }

        return written;
    }

    public int Finish(Span<byte> output)
    {
        var written = 0;
        switch (_state)
        {
            case State.AfterFirstHex:
                // "=A" at the very end: keep it as written.
                Issues |= DecoderIssues.Truncated;
                if (!_dropInvalid)
                {
                    output[written++] = (byte)'=';
                    output[written++] = _firstHex;
                }

                break;
            default:
                // "=" (with or without blanks or a CR) at the very end is a soft break before
                // the end of the body: a body that ends without a final newline.
                break;
        }

        _state = State.Text;
        _blankCount = 0;
        return written;
    }

    /// <summary>Advances the escape state by one byte; false when the byte must be read again as text.</summary>
    private bool Step(byte b, Span<byte> output, ref int written)
    {
        switch (_state)
        {
            case State.AfterEquals:
                if (HexValue(b) >= 0)
                {
                    _firstHex = b;
                    _state = State.AfterFirstHex;
                    return true;
                }

                switch (b)
                {
                    case (byte)'\n':
                        _state = State.Text;
                        return true;
                    case (byte)'\r':
                        _state = State.AfterEqualsCr;
                        return true;
                    case (byte)' ' or (byte)'\t':
                        _blanks[0] = b;
                        _blankCount = 1;
                        _state = State.AfterEqualsBlanks;
                        return true;
                    default:
                        Invalid(output, ref written);
                        if (_dropInvalid && !StartsSomething(b))
                        {
                            // The first hex place is dropped with the '='; the second may follow.
                            _state = State.SkipSecondPlace;
                            return true;
                        }

                        return false;
                }

            case State.AfterFirstHex:
                var low = HexValue(b);
                if (low >= 0)
                {
                    output[written++] = (byte)((HexValue(_firstHex) << 4) | low);
                    _state = State.Text;
                    return true;
                }

                Invalid(output, ref written);
                if (_dropInvalid)
                {
                    // Both hex places are dropped unless the second starts something of its own.
                    return !StartsSomething(b);
                }

                output[written++] = _firstHex;
                return false;

            case State.AfterEqualsBlanks:
                switch (b)
                {
                    case (byte)' ' or (byte)'\t' when _blankCount < MaxHeldBlanks:
                        _blanks[_blankCount++] = b;
                        return true;
                    case (byte)'\n':
                        _blankCount = 0;
                        _state = State.Text;
                        return true;
                    case (byte)'\r':
                        _blankCount = 0;
                        _state = State.AfterEqualsCr;
                        return true;
                    default:
                        Invalid(output, ref written);
                        if (!_dropInvalid)
                        {
                            _blanks.AsSpan(0, _blankCount).CopyTo(output[written..]);
                            written += _blankCount;
                        }

                        _blankCount = 0;
                        return false;
                }

            case State.AfterEqualsCr:
                // "=" CR LF is the soft break; a bare CR after "=" is read as one too.
                _state = State.Text;
                return b == (byte)'\n';

            case State.SkipSecondPlace:
                _state = State.Text;
                return !StartsSomething(b);

            default:
                _state = State.Text;
                return false;
        }
    }

    /// <summary>A broken escape: the '=' is kept literally (or dropped) and the state returns to text.</summary>
    private void Invalid(Span<byte> output, ref int written)
    {
        Issues |= DecoderIssues.InvalidCharacters;
        if (!_dropInvalid)
        {
            output[written++] = (byte)'=';
        }

        _state = State.Text;
    }

    /// <summary>An '=' or a line break is never swallowed as part of a broken escape: it is read again.</summary>
    private static bool StartsSomething(byte b) => b is (byte)'=' or (byte)'\r' or (byte)'\n';

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}
