using Vigil.Mime.Model;
using Vigil.Mime.Parsing;

namespace Vigil.Mime.Embedded;

/// <summary>
/// BinHex 4.0 text after its "(This file must be converted with BinHex 4.0)" line: the encoded
/// stream runs from a ':' to the next ':' over lines of 64 characters from a 64-character
/// alphabet, each carrying 6 bits. A line with other characters ends the block.
/// </summary>
internal sealed class BinHexBlock : IEmbeddedBlock
{
    private const string Alphabet = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";
    private const byte NotInAlphabet = 0xFF;
    private const byte Blank = 0xFE;

    private static readonly byte[] Values = BuildValues();

    private readonly EmbeddedChildWriter _writer;
    private readonly BinHexForkReader _reader;
    private bool _started;
    private uint _bits;
    private int _bitCount;
    private bool _chopped;

    public BinHexBlock(EmbeddedChildWriter writer)
    {
        _writer = writer;
        _reader = new BinHexForkReader(writer);
    }

    /// <summary>The marker line, possibly indented.</summary>
    public static bool IsStartLine(ReadOnlySpan<byte> line) =>
        line.TrimStart(" "u8).StartsWith("(This file must be converted with BinHex"u8);

    public LineVerdict Accept(ReadOnlySpan<byte> line, bool chopped)
    {
        if (!_started)
        {
            var trimmed = line.Trim(" "u8);
            if (trimmed.IsEmpty)
            {
                return LineVerdict.Continue;
            }

            if (trimmed[0] != (byte)':')
            {
                return LineVerdict.NotMine;
            }

            _started = true;
            line = trimmed[1..];
        }

        var colon = line.IndexOf((byte)':');
        var data = colon < 0 ? line : line[..colon];
        if (!IsValid(data))
        {
            return LineVerdict.NotMine;
        }

        _chopped |= chopped;
        if (!_reader.IsFinished)
        {
            foreach (var c in data)
            {
                var value = Values[c];
                if (value == Blank)
                {
                    continue;
                }

                _bits = (_bits << 6) | value;
                _bitCount += 6;
                if (_bitCount >= 8)
                {
                    _bitCount -= 8;
                    _reader.Add((byte)(_bits >> _bitCount));
                    if (_reader.IsFinished)
                    {
                        break;
                    }
                }
            }
        }

        if (_writer.Refused)
        {
            return LineVerdict.Done;
        }

        return colon < 0 ? LineVerdict.Continue : LineVerdict.Done;
    }

    public void Complete(bool closed)
    {
        _reader.Finish();
        var problems = new List<string>();
        if (!_started)
        {
            problems.Add("BinHex marker without data");
        }
        else if (!closed)
        {
            problems.Add("no closing ':'");
        }

        if (_started && _reader.Problem is not null)
        {
            problems.Add(_reader.Problem);
        }

        if (_chopped)
        {
            problems.Add("line longer than the line limit");
        }

        if (problems.Count > 0)
        {
            // BinHex carries CRCs: a block that fails them has no reading a client agrees on.
            _writer.Report(AnomalyCodes.BinHexBroken, string.Join("; ", problems), AnomalySeverity.Format);
        }
    }

    private static bool IsValid(ReadOnlySpan<byte> data)
    {
        foreach (var c in data)
        {
            if (Values[c] == NotInAlphabet)
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] BuildValues()
    {
        var values = new byte[256];
        Array.Fill(values, NotInAlphabet);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (byte)i;
        }

        values[' '] = Blank;
        values['\t'] = Blank;
        return values;
    }
}
