using Vigil.Mime.Decoding;
using Vigil.Mime.Model;

namespace Vigil.Mime.Embedded;

/// <summary>
/// GNU "uuencode -m": after "begin-base64 NNN name", base64 lines closed by "====". A line with
/// characters outside the base64 alphabet ends the block (its "====" was lost).
/// </summary>
internal sealed class UuencodeBase64Block : IEmbeddedBlock
{
    private readonly EmbeddedChildWriter _writer;
    private readonly string _name;
    private readonly Base64Decoder _decoder = new();
    private bool _chopped;

    public UuencodeBase64Block(EmbeddedChildWriter writer, string name)
    {
        _writer = writer;
        _name = name;
    }

    public LineVerdict Accept(ReadOnlySpan<byte> line, bool chopped)
    {
        if (line.TrimEnd((byte)' ').SequenceEqual("===="u8))
        {
            return LineVerdict.Done;
        }

        if (line.IsEmpty || !IsBase64Line(line))
        {
            return LineVerdict.NotMine;
        }

        if (!_writer.IsOpen && !_writer.Open(_name))
        {
            return LineVerdict.Done;
        }

        _chopped |= chopped;
        Span<byte> decoded = stackalloc byte[TransferDecoding.MaxOutputLength(256)];
        for (var offset = 0; offset < line.Length; offset += 256)
        {
            var piece = line.Slice(offset, Math.Min(256, line.Length - offset));
            var n = _decoder.Decode(piece, decoded);
            if (!_writer.Write(decoded[..n]))
            {
                return LineVerdict.Done;
            }
        }

        return LineVerdict.Continue;
    }

    public void Complete(bool closed)
    {
        if (!_writer.IsOpen)
        {
            return;
        }

        Span<byte> tail = stackalloc byte[16];
        _writer.Write(tail[.._decoder.Finish(tail)]);
        var problems = new List<string>();
        if (!closed)
        {
            problems.Add("no \"====\" line");
        }

        if (_chopped)
        {
            problems.Add("line longer than the line limit");
        }

        if (_decoder.Issues != DecoderIssues.None)
        {
            problems.Add($"base64: {_decoder.Issues}");
        }

        if (problems.Count > 0)
        {
            _writer.Report(AnomalyCodes.UuencodeBroken, string.Join("; ", problems));
        }
    }

    private static bool IsBase64Line(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (Base64Alphabet.Values[b] == Base64Alphabet.Invalid)
            {
                return false;
            }
        }

        return true;
    }
}
