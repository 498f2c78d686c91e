using System.Text;
using Vigil.Mime.Headers;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;

namespace Vigil.Mime.Parsing;

/// <summary>
/// Collects the lines of one header block into unfolded <see cref="Header"/> fields, bounded by
/// the header byte limit, and notes what is odd about them: comments in field names
/// (<c>Content-T(xx)ype</c>), lines that are neither a field nor a continuation, 8-bit and NUL bytes.
/// </summary>
internal sealed class HeaderBlockBuilder
{
    private readonly List<Header> _headers = [];
    // The current field's name: a string, not a builder (a builder per header block was two
    // allocations per part of a 10,000-part message, and its ToString a third).
    private string _name = "";
    // The field's value so far: a plain growable array (a List<byte> with span appends would be
    // generic code compiled at run time in a one-message door). Empty until the first field: a
    // 256-byte array per header block was a tenth of what a 10,000-part message allocated.
    private byte[] _value = [];
    private int _valueLength;
    private readonly AnalysisContext _context;
    private readonly string _path;
    private readonly bool _isPart;
    private bool _haveField;
    private bool _overLimit;
    private bool _previousIsMime;
    // A long, not an int: a header block of more than 2 GB must not wrap around below the limit
    // and start collecting again (that is how a 9 GB fuzz mutant grew the process to 10.9 GB).
    private long _bytes;
    private int _lines;

    public HeaderBlockBuilder(AnalysisContext context, string path, bool isPart)
    {
        _context = context;
        _path = path;
        _isPart = isPart;
    }

    /// <summary>A copy of <paramref name="other"/> as it stands, to read on where it stops.</summary>
    private HeaderBlockBuilder(HeaderBlockBuilder other)
    {
        _headers = [.. other._headers];
        _name = other._name;
        _value = other._value.AsSpan(0, other._valueLength).ToArray();
        _valueLength = other._valueLength;
        _context = other._context;
        _path = other._path;
        _isPart = other._isPart;
        _haveField = other._haveField;
        _overLimit = other._overLimit;
        _previousIsMime = other._previousIsMime;
        _bytes = other._bytes;
        _lines = other._lines;
    }

    public long Bytes => _bytes;

    /// <summary>
    /// A builder that goes on from this one's state, for the reading of a header block to its
    /// blank line after this one has ended it early (<see cref="StartsBodyWithoutBlankLine"/>).
    /// </summary>
    public HeaderBlockBuilder Fork() => new(this);

    /// <summary>Adds one line (or piece of a long line); the terminator may be included.</summary>
    public void AddLine(ReadOnlySpan<byte> line, bool continuesPreviousPiece)
    {
        _bytes += line.Length;
        if (_overLimit || _bytes > _context.Limits.MaxHeaderBytes)
        {
            if (!_overLimit)
            {
                _overLimit = true;
                _context.Budget.Hit(LimitNames.HeaderBytes, _path, $"header block longer than {_context.Limits.MaxHeaderBytes} bytes");
            }

            return;
        }

        line = TrimLineBreak(line);
        if (line.IndexOf((byte)0) >= 0)
        {
            _context.Report(AnomalyCodes.NulBytes, _path, "NUL byte in header");
        }

        if (continuesPreviousPiece)
        {
            AppendValue(line);
            return;
        }

        _lines++;

        // An mbox separator line before the first field is not a header.
        if (_lines == 1 && !_isPart && line.StartsWith("From "u8))
        {
            return;
        }

        if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t'))
        {
            if (_haveField)
            {
                // Folding: the line break goes, the white space stays.
                AppendValue(line);
            }

            return;
        }

        // A field name behind a vertical tab or form feed: some clients read the field, RFC 5322
        // does not. Read it (so its content is checked) and call it the trick it is.
        if (line.Length > 0 && line[0] is 0x0B or 0x0C)
        {
            var stripped = line.TrimStart(" \t\v\f"u8);
            var c = stripped.IndexOf((byte)':');
            if (c > 0 && IsFieldName(stripped[..c]))
            {
                _context.Report(AnomalyCodes.BrokenPartHeader, _path, "control character before a header field name", AnomalySeverity.Format);
                line = stripped;
            }
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || !IsFieldName(line[..colon]))
        {
            if (_haveField)
            {
                // Known since the field started: asking the name builder per line was quadratic.
                var previousIsMime = _previousIsMime;
                _context.Report(
                    previousIsMime ? AnomalyCodes.BrokenContinuation : (_isPart ? AnomalyCodes.BrokenPartHeader : AnomalyCodes.BrokenContinuation),
                    _path,
                    $"header line without a field name after {_name}",
                    previousIsMime || _isPart ? AnomalySeverity.Format : AnomalySeverity.Notice);

                // Read it as a continuation: that keeps its text where a lenient client puts it.
                AppendValue(" "u8);
                AppendValue(line);
            }
            else if (_isPart && !line.IsEmpty)
            {
                _context.Report(AnomalyCodes.BrokenPartHeader, _path, "header block starts with a line that is not a field", AnomalySeverity.Format);
            }

            return;
        }

        Flush();
        var rawName = Encoding.Latin1.GetString(line[..colon]).Trim();
        if (rawName.Contains('('))
        {
            var stripped = StripComments(rawName);
            _context.Report(
                AnomalyCodes.CommentInHeader,
                _path,
                $"comment inside header name \"{rawName}\"",
                stripped.StartsWith("content-", StringComparison.OrdinalIgnoreCase) ? AnomalySeverity.Format : AnomalySeverity.Notice);
            rawName = stripped;
        }

        _name = rawName;
        _previousIsMime = rawName.StartsWith("content-", StringComparison.OrdinalIgnoreCase);
        AppendValue(line[(colon + 1)..]);
        _haveField = true;
    }

    /// <summary>
    /// A part header that runs into its body with no blank line between ("Content-Transfer-Encoding:
    /// base64" then "UEsD..."): a line of base64 digits only, whole quanta, after a MIME field, is
    /// not header text but the first body line, as Python's email and MimeKit read it. Read as a
    /// continuation it would fold the whole body into the field and hide it. True (and reported)
    /// when <paramref name="line"/>, a whole line, starts the body. A client that reads on to the
    /// blank line sees the fields after it too: the parser keeps that reading as well
    /// (<see cref="HeaderToBlankLineReading"/>).
    /// </summary>
    public bool StartsBodyWithoutBlankLine(ReadOnlySpan<byte> line)
    {
        if (!_isPart || !_haveField || !_previousIsMime || _overLimit)
        {
            return false;
        }

        if (!IsBase64Line(line))
        {
            return false;
        }

        _context.Report(AnomalyCodes.BrokenPartHeader, _path, "header block runs into base64 with no blank line: read as the body, and as header to the blank line", AnomalySeverity.Format);
        return true;
    }

    /// <summary>A line of base64 digits only, in whole quanta (a body line, not header text).</summary>
    public static bool IsBase64Line(ReadOnlySpan<byte> line)
    {
        var text = TrimLineBreak(line);
        var digits = text.TrimEnd("="u8);
        return text.Length >= 4 && text.Length % 4 == 0 && text.Length - digits.Length <= 2 && digits.IndexOfAnyExcept(Base64Digits) < 0;
    }

    private static readonly System.Buffers.SearchValues<byte> Base64Digits =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    private void AppendValue(ReadOnlySpan<byte> bytes)
    {
        if (_valueLength + bytes.Length > _value.Length)
        {
            Array.Resize(ref _value, Math.Max(Math.Max(_value.Length * 2, 64), _valueLength + bytes.Length));
        }

        bytes.CopyTo(_value.AsSpan(_valueLength));
        _valueLength += bytes.Length;
    }

    /// <summary>The unfolded fields.</summary>
    public List<Header> Finish()
    {
        Flush();
        return _headers;
    }

    private void Flush()
    {
        if (!_haveField)
        {
            return;
        }

        var bytes = _value.AsSpan(0, _valueLength);
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                _context.Report(AnomalyCodes.EightBitHeader, _path, $"8-bit bytes in header {_name}");
                break;
            }
        }

        // The white space after the colon goes before decoding, so the value is one string, not
        // a decoded one and a trimmed copy; Trim() still takes what only the decoded text shows
        // (a Latin-1 NEL or no-break space), and returns the same string when there is none.
        _headers.Add(new Header(_name, Charsets.DecodeUtf8OrLatin1(bytes.Trim(" \t"u8)).Trim()));
        _valueLength = 0;
        _haveField = false;
    }

    private static bool IsFieldName(ReadOnlySpan<byte> name)
    {
        // RFC 5322 ftext is printable ASCII but ':'; allow trailing white space (obsolete syntax).
        name = name.TrimEnd(" \t"u8);
        if (name.IsEmpty)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (b <= 32 || b >= 127)
            {
                return false;
            }
        }

        return true;
    }

    private static string StripComments(string s)
    {
        if (s.IndexOf('(') < 0)
        {
            return s.Trim();
        }

        var sb = new StringBuilder(s.Length);
        var depth = 0;
        foreach (var c in s)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }

    private static ReadOnlySpan<byte> TrimLineBreak(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\n')
        {
            line = line[..^1];
        }

        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return line;
    }
}
