using Vigil.Mime.Model;

namespace Vigil.Mime.Embedded;

/// <summary>
/// A yEnc block: "=ybegin ... name=", an optional "=ypart begin= end=", data lines where each
/// byte is the original plus 42 and a critical byte is written as '=' then itself plus 64 more,
/// and "=yend size= [pcrc32=] [crc32=]". Sizes and CRCs are checked; a mismatch is reported and
/// the bytes are kept. Each part found becomes its own child; parts are not joined across messages.
/// </summary>
internal sealed class YEncBlock : IEmbeddedBlock
{
    private readonly EmbeddedChildWriter _writer;
    private readonly Crc32 _crc = new();
    private readonly List<string> _problems = [];
    private readonly long? _declaredSize;
    private readonly bool _isPart;
    private long? _partSize;
    private bool _pendingEscape;
    private bool _sawData;

    private YEncBlock(EmbeddedChildWriter writer, long? declaredSize, bool isPart)
    {
        _writer = writer;
        _declaredSize = declaredSize;
        _isPart = isPart;
    }

    /// <summary>Starts a block at an "=ybegin " line; null when the part limit refused the child.</summary>
    public static YEncBlock? Start(ReadOnlySpan<byte> beginLine, EmbeddedChildWriter writer)
    {
        var name = EmbeddedChildWriter.DecodeName(YEncKeywordLine.Name(beginLine));
        if (!writer.Open(name))
        {
            return null;
        }

        var block = new YEncBlock(writer, YEncKeywordLine.Number(beginLine, "size="u8), YEncKeywordLine.Number(beginLine, "part="u8) is not null);
        if (name.Length == 0)
        {
            block.Problem("no name= in =ybegin");
        }

        return block;
    }

    public LineVerdict Accept(ReadOnlySpan<byte> line, bool chopped)
    {
        if (!_pendingEscape && line.StartsWith("=y"u8))
        {
            if (line.StartsWith("=yend"u8))
            {
                CheckEnd(line);
                return LineVerdict.Done;
            }

            if (line.StartsWith("=ypart "u8) && !_sawData)
            {
                var begin = YEncKeywordLine.Number(line, "begin="u8);
                var end = YEncKeywordLine.Number(line, "end="u8);
                if (begin is not null && end is not null && end >= begin)
                {
                    _partSize = end.Value - begin.Value + 1;
                }

                return LineVerdict.Continue;
            }

            if (line.StartsWith("=ybegin "u8))
            {
                return LineVerdict.NotMine;
            }
        }

        if (chopped)
        {
            Problem("line longer than the line limit");
        }

        _sawData = true;
        Span<byte> decoded = stackalloc byte[1024];
        while (!line.IsEmpty)
        {
            var piece = line[..Math.Min(line.Length, decoded.Length)];
            var n = DecodeLine(piece, decoded);
            _crc.Append(decoded[..n]);
            if (!_writer.Write(decoded[..n]))
            {
                return LineVerdict.Done;
            }

            line = line[piece.Length..];
        }

        return LineVerdict.Continue;
    }

    public void Complete(bool closed)
    {
        if (!closed)
        {
            Problem("no =yend line");
        }

        if (_problems.Count > 0)
        {
            _writer.Report(AnomalyCodes.YEncBroken, string.Join("; ", _problems));
        }
    }

    private int DecodeLine(ReadOnlySpan<byte> line, Span<byte> output)
    {
        var n = 0;
        var escape = _pendingEscape;
        foreach (var b in line)
        {
            if (escape)
            {
                output[n++] = (byte)(b - 106);
                escape = false;
            }
            else if (b == (byte)'=')
            {
                escape = true;
            }
            else
            {
                output[n++] = (byte)(b - 42);
            }
        }

        // An escape at the end of a line applies to the first byte of the next one.
        _pendingEscape = escape;
        return n;
    }

    private void CheckEnd(ReadOnlySpan<byte> line)
    {
        var written = _writer.Written;
        var endSize = YEncKeywordLine.Number(line, "size="u8);
        var expected = _isPart ? _partSize ?? endSize : _declaredSize ?? endSize;
        if (expected is not null && expected != written)
        {
            Problem($"{written} bytes decoded, {expected} declared");
        }

        if (endSize is not null && endSize != written)
        {
            Problem($"{written} bytes decoded, =yend says {endSize}");
        }

        var crc = _isPart ? YEncKeywordLine.Hex(line, "pcrc32="u8) : YEncKeywordLine.Hex(line, "crc32="u8) ?? YEncKeywordLine.Hex(line, "pcrc32="u8);
        if (crc is not null && crc != _crc.Value)
        {
            Problem($"crc32 {_crc.Value:x8} differs from the declared {crc:x8}");
        }
    }

    private void Problem(string text)
    {
        if (!_problems.Contains(text))
        {
            _problems.Add(text);
        }
    }
}
