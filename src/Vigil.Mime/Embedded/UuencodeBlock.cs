using System.Buffers;
using Vigil.Mime.Model;

namespace Vigil.Mime.Embedded;

/// <summary>
/// Classic uuencode: after "begin NNN name", lines of a length character and groups of four
/// characters, each (c - 32) &amp; 63, so the backquote some encoders use instead of a space
/// reads as zero; a zero-length line ("`" or " ") and "end" close it. The child is only created
/// at the first valid data line, so prose that happens to start with "begin 100 days" is not a file.
/// </summary>
internal sealed class UuencodeBlock : IEmbeddedBlock
{
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t"u8);

    private readonly EmbeddedChildWriter _writer;
    private readonly string _name;
    private readonly List<string> _problems = [];
    private bool _sawZeroLine;

    public UuencodeBlock(EmbeddedChildWriter writer, string name)
    {
        _writer = writer;
        _name = name;
    }

    public LineVerdict Accept(ReadOnlySpan<byte> line, bool chopped)
    {
        if (IsEnd(line))
        {
            return LineVerdict.Done;
        }

        if (_sawZeroLine)
        {
            // Data ended with the zero-length line but "end" never came.
            return LineVerdict.NotMine;
        }

        if (line.IsEmpty)
        {
            // A zero-length line whose " " a mail server stripped.
            _sawZeroLine = _writer.IsOpen;
            return _writer.IsOpen ? LineVerdict.Continue : LineVerdict.NotMine;
        }

        if (!IsDataLine(line))
        {
            return LineVerdict.NotMine;
        }

        var count = (line[0] - 32) & 63;
        if (count == 0)
        {
            _sawZeroLine = true;
            return LineVerdict.Continue;
        }

        if (line.Length - 1 < (count * 4 + 2) / 3 / 2)
        {
            // Far shorter than its length character says: a line of upper-case prose or a
            // signature ("-- ") after a block that lost its "end", not data.
            return LineVerdict.NotMine;
        }

        if (!_writer.IsOpen && !_writer.Open(_name))
        {
            return LineVerdict.Done;
        }

        if (chopped)
        {
            Problem("line longer than the line limit");
        }

        Span<byte> decoded = stackalloc byte[66];
        var produced = DecodeLine(line[1..], count, decoded);
        _writer.Write(decoded[..produced]);
        return _writer.Refused ? LineVerdict.Done : LineVerdict.Continue;
    }

    public void Complete(bool closed)
    {
        if (!_writer.IsOpen)
        {
            // "begin ..." followed by no data: prose, or an empty file; not worth an anomaly
            // unless it was properly closed with "end", which makes it an empty file.
            if (closed && _writer.Open(_name))
            {
                _writer.Report(AnomalyCodes.UuencodeBroken, "uuencoded file without data");
            }

            return;
        }

        if (!closed)
        {
            Problem("no \"end\" line");
        }

        if (_problems.Count > 0)
        {
            _writer.Report(AnomalyCodes.UuencodeBroken, string.Join("; ", _problems));
        }
    }

    /// <summary>Decodes one line's groups into up to 63 bytes; short lines (blanks stripped in transit) read as zeros.</summary>
    private int DecodeLine(ReadOnlySpan<byte> chars, int count, Span<byte> output)
    {
        var needed = (count * 4 + 2) / 3;
        if (chars.Length < needed)
        {
            Problem("line shorter than its length character says");
        }

        var produced = 0;
        for (var i = 0; produced < count; i += 4)
        {
            var a = CharValue(chars, i);
            var b = CharValue(chars, i + 1);
            var c = CharValue(chars, i + 2);
            var d = CharValue(chars, i + 3);
            output[produced++] = (byte)((a << 2) | (b >> 4));
            if (produced < count)
            {
                output[produced++] = (byte)((b << 4) | (c >> 2));
            }

            if (produced < count)
            {
                output[produced++] = (byte)((c << 6) | d);
            }
        }

        return produced;
    }

    private static int CharValue(ReadOnlySpan<byte> chars, int i) => i < chars.Length ? (chars[i] - 32) & 63 : 0;

    /// <summary>Every character in ' '..'`', the range uuencode writes.</summary>
    private static bool IsDataLine(ReadOnlySpan<byte> line) =>
        !line.ContainsAnyExceptInRange((byte)' ', (byte)'`');

    private static bool IsEnd(ReadOnlySpan<byte> line) =>
        line.StartsWith("end"u8) && !line[3..].ContainsAnyExcept(Blanks);

    private void Problem(string text)
    {
        if (!_problems.Contains(text))
        {
            _problems.Add(text);
        }
    }
}
