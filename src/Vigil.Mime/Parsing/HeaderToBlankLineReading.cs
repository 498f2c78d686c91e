using Vigil.Mime.Decoding;
using Vigil.Mime.Model;

namespace Vigil.Mime.Parsing;

/// <summary>
/// The other reading of a part header that runs into base64 with no blank line: the parser ends
/// the header at the first base64-looking line (as Python's email and MimeKit do), but a client
/// that reads the header on to the blank line also sees the fields after that line, and a
/// <c>Content-Disposition: attachment; filename="x.exe"</c> placed there would pass the name and
/// type checks unseen. This reading takes the part's body lines, while they are header to it,
/// into a fork of the part's header builder (same header byte limit; lines of base64 are left
/// out, any other line is read as the builder reads it); when that header holds a field the base64 reading
/// lacks, the rest of the body, after the blank line, becomes a child "&lt;part&gt;/#hdr-alt"
/// with those headers (names, type, encoding) and that content, judged like any part. It is
/// always read as a leaf: the fields it adds are what it is for.
/// </summary>
internal sealed class HeaderToBlankLineReading : IDisposable
{
    /// <summary>The last segment of the reading's path.</summary>
    public const string PathSuffix = "#hdr-alt";

    private readonly Entity _part;
    private readonly AnalysisContext _context;
    private readonly HeaderBlockBuilder _header;
    private readonly int _base64ReadingFields;
    private readonly string _defaultType;
    private LeafSink? _body;
    private bool _inHeader = true;
    private bool _atLineStart = true;
    private bool _finished;

    /// <param name="header">A fork of the part's header builder, taken where the base64 reading ended it.</param>
    /// <param name="base64ReadingFields">How many fields the base64 reading's header has.</param>
    public HeaderToBlankLineReading(Entity part, AnalysisContext context, HeaderBlockBuilder header, int base64ReadingFields, string defaultType)
    {
        _part = part;
        _context = context;
        _header = header;
        _base64ReadingFields = base64ReadingFields;
        _defaultType = defaultType;
    }

    /// <summary>Takes the bytes the part's body sink is given, with the same line-break flag.</summary>
    public void Write(ReadOnlySpan<byte> data, bool endsWithLineBreak)
    {
        if (_finished)
        {
            return;
        }

        while (_inHeader && !data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            var line = end < 0 ? data : data[..(end + 1)];
            data = data[line.Length..];
            if (_atLineStart && line.TrimEnd("\r\n"u8).IsEmpty && end >= 0)
            {
                EndHeader();
                break;
            }

            // The base64 lines are noise to this reading: folded into the field before them they
            // would turn "name=y.exe" into "name=y.exe QUJD" and hide the name it is there to see.
            if (!(_atLineStart && end >= 0 && HeaderBlockBuilder.IsBase64Line(line)))
            {
                _header.AddLine(line, continuesPreviousPiece: !_atLineStart);
            }

            _atLineStart = end >= 0;
        }

        if (!data.IsEmpty)
        {
            _body?.Write(data, endsWithLineBreak);
        }
    }

    /// <summary>Ends the part: a header that never reached its blank line has an empty body.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        if (_inHeader)
        {
            EndHeader();
        }

        _body?.Finish();
        _finished = true;
    }

    public void Dispose() => _body?.Dispose();

    private void EndHeader()
    {
        _inHeader = false;
        var headers = _header.Finish();
        if (headers.Count <= _base64ReadingFields)
        {
            // Nothing after the base64-looking line was a field: the readings name the same.
            return;
        }

        var path = _part.MemberPath(PathSuffix, 0);
        if (!_context.Budget.TryAddPart(path))
        {
            return;
        }

        var entity = _part.AddChild(path, EntitySource.MimePart);
        PartHeaderInterpreter.Apply(entity, headers, _context, _defaultType);
        entity.IsContainer = false;
        _context.Report(
            AnomalyCodes.BrokenPartHeader,
            path,
            $"{headers.Count - _base64ReadingFields} header field(s) after the base64 that starts the body: also read as header, in {path}",
            AnomalySeverity.Format);
        _body = new LeafSink(entity, _context, TransferDecoderFactory.Create(entity.TransferEncoding));
    }
}
