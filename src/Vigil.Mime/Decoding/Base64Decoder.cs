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
/// Runs of clean lines (alphabet only, whole quanta) are gathered and go through the vectorised
/// <see cref="Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/> in
/// one call; the scalar table loop takes the rest (junk, padding, split quanta) up to the next
/// quantum boundary.
/// </remarks>
public sealed class Base64Decoder : ITransferDecoder
{
    // Below this many bytes the scalar loop is as quick as a call into the vector decoder.
    private const int FastPathMinimum = 32;

    // One gather buffer per thread, shared by the decoders on it: Decode is never re-entered.
    [ThreadStatic]
    private static byte[]? t_gather;

    private uint _accumulator;
    private int _count;
    private bool _afterPadding;
    private bool _paddingAsZero;

    public DecoderIssues Issues { get; private set; }

    /// <summary>
    /// A decoder that goes on from where this one stands but reads every '=' as the digit of
    /// value 0 ('A'), as the many table-driven decoders without a padding rule do: the other
    /// reading of "UEsDBBQ=Ag=I" (see <see cref="Base64PaddingAlternative"/>).
    /// </summary>
    internal Base64Decoder ForkReadingPaddingAsZero() => new()
    {
        _accumulator = _accumulator,
        _count = _count,
        _paddingAsZero = true,
    };

    public int Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var read = 0;
        var written = 0;
        while (read < input.Length)
        {
            if (_count == 0 && !_afterPadding && input.Length - read >= FastPathMinimum)
            {
                var consumed = DecodeCleanLines(input[read..], output[written..], out var produced);
                read += consumed;
                written += produced;
                if (read >= input.Length)
                {
                    break;
                }
            }

            read += DecodeScalar(input[read..], output, ref written);
        }

        return written;
    }

    /// <summary>
    /// Gathers the whole quanta of consecutive clean lines (alphabet only, each a multiple of four
    /// characters, ending in a line break) into one buffer and decodes them in a single vector
    /// call: one call per read buffer rather than per 76-character line keeps the throughput
    /// independent of how the JIT treats the framework's decoder. Stops at the first byte that
    /// needs the scalar path (junk, padding, a split quantum). Returns the input bytes consumed.
    /// </summary>
    private int DecodeCleanLines(ReadOnlySpan<byte> input, Span<byte> output, out int produced)
    {
        produced = 0;
        var gather = t_gather;
        if (gather is null || gather.Length < input.Length)
        {
            gather = t_gather = new byte[Math.Max(input.Length, 64 * 1024)];
        }

        var gathered = 0;
        var pos = 0;
        while (pos < input.Length)
        {
            var line = input[pos..];
            var clean = line.IndexOfAnyExcept(Base64Alphabet.Digits);
            clean = clean < 0 ? line.Length : clean;
            var whole = clean & ~3;
            line[..whole].CopyTo(gather.AsSpan(gathered));
            gathered += whole;
            pos += whole;
            if (whole != clean || pos >= input.Length)
            {
                break;
            }

            // Past a line break the next line may be gathered too; anything else ends the run.
            if (input[pos] == '\n')
            {
                pos++;
            }
            else if (input[pos] == '\r' && pos + 1 < input.Length && input[pos + 1] == '\n')
            {
                pos += 2;
            }
            else
            {
                break;
            }
        }

        if (gathered == 0)
        {
            return 0;
        }

        // Only whole quanta of the alphabet were gathered, so the final-block call decodes all.
        var status = Base64.DecodeFromUtf8(gather.AsSpan(0, gathered), output, out var consumed, out produced, isFinalBlock: true);
        if (status != OperationStatus.Done || consumed != gathered)
        {
            produced = 0;
            return 0;
        }

        return pos;
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
            if (value == Base64Alphabet.Padding && _paddingAsZero)
            {
                value = 0;
            }

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
