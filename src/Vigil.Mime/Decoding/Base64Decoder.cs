using System.Buffers;
using System.Buffers.Text;

namespace Vigil.Mime.Decoding;

/// <summary>
/// Streaming, lenient base64 (RFC 2045 section 6.8) as mail clients read it: whitespace is
/// skipped silently, any other byte outside the alphabet is skipped and flagged, decoding goes on
/// after '=' padding (a second stream glued on is a known evasion, so it is decoded and flagged),
/// and a truncated last quantum yields the whole bytes it holds.
/// </summary>
/// <remarks>
/// Runs of pure alphabet (a whole MIME line but its line break) go through the vectorised
/// <see cref="Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/>;
/// the scalar table loop takes the rest (line breaks, junk, padding, split quanta) up to the next
/// quantum boundary.
/// </remarks>
public sealed class Base64Decoder : ITransferDecoder
{
    // Below this many bytes the scalar loop is as quick as a call into the vector decoder.
    private const int FastPathMinimum = 32;

    private uint _accumulator;
    private int _count;
    private bool _afterPadding;

    public DecoderIssues Issues { get; private set; }

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var read = 0;
        var written = 0;
        while (read < input.Length)
        {
            if (_count == 0 && !_afterPadding && input.Length - read >= FastPathMinimum)
            {
                // Only a run of pure alphabet goes to the vector decoder: its own whitespace
                // skipping reports bytes of a split quantum as consumed without decoding them,
                // which is wrong for a stream.
                var rest = input[read..];
                var clean = rest.IndexOfAnyExcept(Base64Alphabet.Digits);
                clean = (clean < 0 ? rest.Length : clean) & ~3;
                if (clean >= FastPathMinimum)
                {
                    Base64.DecodeFromUtf8(rest[..clean], output[written..], out var consumed, out var produced, isFinalBlock: false);
                    read += consumed;
                    written += produced;
                    if (read >= input.Length)
                    {
                        break;
                    }
                }
            }

            read += DecodeScalar(input[read..], output, ref written);
        }

        return written;
    }

    public int Finish(Span<byte> output)
    {
        var written = 0;
        if (_count > 0)
        {
            Issues |= DecoderIssues.Truncated;
            written = FlushPartial(output);
        }

        return written;
    }

    /// <summary>
    /// Decodes byte by byte until a quantum boundary after at least one byte the fast path
    /// refused; returns the bytes read. Always reads at least one byte.
    /// </summary>
    private int DecodeScalar(ReadOnlySpan<byte> input, Span<byte> output, ref int written)
    {
        var table = Base64Alphabet.Values;
        var acc = _accumulator;
        var count = _count;
        var i = 0;
        while (i < input.Length)
        {
            var value = table[input[i++]];
            if (value < 64)
            {
                if (_afterPadding)
                {
                    _afterPadding = false;
                    Issues |= DecoderIssues.DataAfterPadding;
                }

                acc = (acc << 6) | value;
                if (++count == 4)
                {
                    output[written] = (byte)(acc >> 16);
                    output[written + 1] = (byte)(acc >> 8);
                    output[written + 2] = (byte)acc;
                    written += 3;
                    count = 0;
                    acc = 0;
                    if (input.Length - i >= FastPathMinimum)
                    {
                        break;
                    }
                }
            }
            else if (value == Base64Alphabet.Whitespace)
            {
                // A line break between quanta: let the fast path take the next line whole.
                if (count == 0 && !_afterPadding && input.Length - i >= FastPathMinimum && table[input[i]] < 64)
                {
                    break;
                }
            }
            else if (value == Base64Alphabet.Padding)
            {
                _accumulator = acc;
                _count = count;
                HandlePadding(output, ref written);
                acc = 0;
                count = 0;
            }
            else
            {
                Issues |= DecoderIssues.InvalidCharacters;
            }
        }

        _accumulator = acc;
        _count = count;
        return i;
    }

    private void HandlePadding(Span<byte> output, ref int written)
    {
        switch (_count)
        {
            case 0:
                // A second '=' of "xx==" is expected; a '=' out of nowhere is junk.
                if (!_afterPadding)
                {
                    Issues |= DecoderIssues.InvalidCharacters;
                }

                break;
            case 1:
                // Six bits cannot make a byte: the quantum is broken.
                Issues |= DecoderIssues.InvalidCharacters;
                _count = 0;
                _accumulator = 0;
                _afterPadding = true;
                break;
            default:
                written += FlushPartial(output[written..]);
                _afterPadding = true;
                break;
        }
    }

    /// <summary>Writes the whole bytes of a quantum of 2 or 3 characters and clears it.</summary>
    private int FlushPartial(Span<byte> output)
    {
        var n = 0;
        if (_count == 2)
        {
            output[0] = (byte)(_accumulator >> 4);
            n = 1;
        }
        else if (_count == 3)
        {
            output[0] = (byte)(_accumulator >> 10);
            output[1] = (byte)(_accumulator >> 2);
            n = 2;
        }

        _count = 0;
        _accumulator = 0;
        return n;
    }
}
