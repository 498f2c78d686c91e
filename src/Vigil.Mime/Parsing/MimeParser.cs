using Vigil.Mime.Decoding;
using Vigil.Mime.Limits;
using Vigil.Mime.Model;
using Vigil.Mime.Spooling;

namespace Vigil.Mime.Parsing;

/// <summary>
/// Takes a message apart in one streaming pass: header blocks, multiparts at any nesting (up to
/// the depth limit), message/rfc822 recursion, and every leaf decoded into its entity's spool as
/// it streams by. Boundaries of every open multipart are honoured at every level, so a part that
/// forgets its close delimiter cannot swallow the rest of the message. Nothing here throws on
/// bad input; oddities become anomalies and bounds become limit hits.
/// </summary>
public sealed class MimeParser
{
    private readonly AnalysisContext _context;
    private readonly List<MultipartFrame> _frames = [];
    private readonly List<byte[]> _finishedBoundaries = [];
    private LineReader _reader = null!;
    private bool _innermostOnly;
    // Set by ReadHeaders when a part header ran into base64: the header builder to read on to the
    // blank line, and how many fields the base64 reading has (HeaderToBlankLineReading).
    private (HeaderBlockBuilder Header, int Fields)? _headerReadOn;

    private MimeParser(AnalysisContext context)
    {
        _context = context;
    }

    /// <summary>Parses a message from <paramref name="input"/>; the root entity has path "".</summary>
    public static Entity Parse(Stream input, AnalysisContext context, string rootPath = "", EntitySource rootSource = EntitySource.Message)
    {
        var root = new Entity(rootPath, rootSource);
        new MimeParser(context).Run(input, root);
        return root;
    }

    /// <summary>
    /// Parses an embedded message (a base64-encoded message/rfc822 part, say) into
    /// <paramref name="message"/>, an entity the caller has added to the tree.
    /// </summary>
    public static void ParseInto(Stream input, Entity message, AnalysisContext context)
    {
        new MimeParser(context).Run(input, message);
    }

    /// <summary>
    /// Parses the message again as a reader that looks only for the boundary of the innermost open
    /// multipart does: an enclosing multipart's delimiter line inside an inner one that has not
    /// ended is noise there, skipped. That is the reading in which the outer boundary written as
    /// the first line of an inner part's base64 hides nothing (noxxi's outer_in_inner_base64).
    /// </summary>
    public static void ParseInnermostInto(Stream input, Entity message, AnalysisContext context)
    {
        new MimeParser(context) { _innermostOnly = true }.Run(input, message);
    }

    /// <summary>
    /// Parses <paramref name="body"/> as the body of a multipart with <paramref name="boundary"/>
    /// into <paramref name="multipart"/> (an entity the caller has added to the tree): a body
    /// whose own header gave no usable boundary, read with one found in the body itself.
    /// </summary>
    public static void ParseMultipartBodyInto(Stream body, Entity multipart, string boundary, AnalysisContext context)
    {
        new MimeParser(context).Run(body, multipart, boundary);
    }

    private void Run(Stream input, Entity root, string? boundary = null)
    {
        using var reader = new LineReader(input);
        _reader = reader;
        _context.Budget.TryAddPart(root.Path);

        Entity? current = root;
        var depth = root.Path.Length == 0 ? 0 : root.Path.Count(c => c == '.') + 1;
        string? defaultType = null;
        if (boundary is not null)
        {
            root.IsContainer = true;
            var rootFrame = new MultipartFrame(root, boundary, depth);
            _frames.Add(rootFrame);
            (current, defaultType) = ReadMultipartBody(rootFrame);
            depth = current is null ? 0 : DepthOf(current);
        }

        // Each turn reads one header block and then the body it announces, up to the next boundary.
        while (current is not null)
        {
            var layoutOwner = current;
            var boundaryHit = ReadHeaders(current, out var headers, out var sawAnyLine);
            if (current == root && !sawAnyLine)
            {
                _context.Report(AnomalyCodes.EmptyMessage, root.Path, "the message is empty", AnomalySeverity.Format);
            }

            var layout = PartHeaderInterpreter.Apply(current, headers, _context, defaultType ?? "text/plain");
            if (current == root && headers.Count == 0 && sawAnyLine)
            {
                _context.Report(AnomalyCodes.NoHeaders, root.Path, "no header fields: not a mail message", AnomalySeverity.Format);
            }

            if (boundaryHit is not null)
            {
                // A boundary came before the blank line that ends the headers: the part has no body.
                // Harmless when the part is simply empty; header fields cut off by a boundary are not.
                if (headers.Count > 0)
                {
                    _context.Report(AnomalyCodes.BrokenPartHeader, current.Path, "boundary inside a header block", AnomalySeverity.Format);
                }

                current.Content ??= _context.NewSpool();
                (current, defaultType) = OnBoundary(boundaryHit.Value.Frame, boundaryHit.Value.Close);
                continue;
            }

            if (layout.Kind != PartLayoutKind.Leaf && depth >= _context.Limits.MaxMimeDepth)
            {
                _context.Budget.Hit(LimitNames.MimeDepth, current.Path, $"MIME nesting deeper than {_context.Limits.MaxMimeDepth}");
                current.IsContainer = false;
                layout = new PartLayout(PartLayoutKind.Leaf, null);
            }

            switch (layout.Kind)
            {
                case PartLayoutKind.Multipart:
                    var frame = new MultipartFrame(current, layout.Boundary!, depth);
                    CheckBoundaryReuse(frame);
                    _frames.Add(frame);
                    (current, defaultType) = ReadMultipartBody(frame);
                    break;
                case PartLayoutKind.Message:
                    current.IsContainer = true;
                    var path = ChildPath(current, 1);
                    if (!_context.Budget.TryAddPart(path))
                    {
                        (current, defaultType) = SkipToBoundary();
                        break;
                    }

                    current = current.AddChild(path, EntitySource.Message);
                    defaultType = null;
                    break;
                default:
                    (current, defaultType) = ReadLeafBody(layoutOwner, defaultType ?? "text/plain");
                    break;
            }

            _headerReadOn = null;

            depth = current is null ? 0 : DepthOf(current);
        }

        FinishFrames(0);
    }

    private static int DepthOf(Entity entity)
    {
        var d = 0;
        for (var e = entity.Parent; e is not null; e = e.Parent)
        {
            d++;
        }

        return d;
    }

    /// <summary>Reads a header block up to the blank line; returns the boundary if one interrupts it.</summary>
    private (MultipartFrame Frame, bool Close)? ReadHeaders(Entity entity, out List<Header> headers, out bool sawAnyLine)
    {
        var builder = new HeaderBlockBuilder(_context, entity.Path, isPart: entity.Source == EntitySource.MimePart);
        sawAnyLine = false;
        var atLineStart = true;
        while (_reader.ReadLine(out var line, out var complete))
        {
            sawAnyLine = true;
            if (atLineStart)
            {
                if (IsBlank(line))
                {
                    headers = builder.Finish();
                    return null;
                }

                if (_frames.Count > 0 && MatchBoundary(line) is { } hit)
                {
                    if (EnclosesAnOpenFrame(hit.Frame))
                    {
                        atLineStart = complete;
                        continue;
                    }

                    headers = builder.Finish();
                    return hit;
                }

                if (complete && builder.StartsBodyWithoutBlankLine(line))
                {
                    _reader.Unread(line.Length);
                    var readOn = builder.Fork();
                    headers = builder.Finish();
                    _headerReadOn = (readOn, headers.Count);
                    return null;
                }
            }

            builder.AddLine(line, continuesPreviousPiece: !atLineStart);
            atLineStart = complete;
        }

        headers = builder.Finish();
        return null;
    }

    private (Entity? Next, string? DefaultType) ReadLeafBody(Entity entity, string defaultType)
    {
        var decoder = TransferDecoderFactory.Create(entity.TransferEncoding);
        using var sink = new LeafSink(entity, _context, decoder);
        if (entity.TransferEncoding is { } cte && decoder is null && !IsIdentity(cte))
        {
            _context.Report(AnomalyCodes.UnknownTransferEncoding, entity.Path, $"unknown transfer encoding \"{cte}\": read as is");
        }

        using var readOn = _headerReadOn is { } fork ? new HeaderToBlankLineReading(entity, _context, fork.Header, fork.Fields, defaultType) : null;
        _headerReadOn = null;
        var result = ReadBody(sink, readOn);
        sink.Finish();
        readOn?.Finish();
        return result;
    }

    private (Entity? Next, string? DefaultType) ReadMultipartBody(MultipartFrame frame)
    {
        // The preamble is kept (bounded) only so that a multipart whose boundary never appears
        // still hands its content to the scanners instead of hiding it.
        var preamble = new Entity(ChildPath(frame.Entity, 1), EntitySource.MimePart, frame.Entity);
        frame.PreambleEntity = preamble;
        frame.Preamble = new LeafSink(preamble, _context, null);
        return ReadBody(frame.Preamble);
    }

    /// <summary>
    /// Streams body lines into <paramref name="sink"/> (and <paramref name="readOn"/>, the other
    /// reading of a header that ran into them) until a boundary of any open multipart or the end.
    /// </summary>
    private (Entity? Next, string? DefaultType) ReadBody(LeafSink? sink, HeaderToBlankLineReading? readOn = null)
    {
        var atLineStart = true;
        var lines = 0;
        while (true)
        {
            if ((++lines & 0x3FF) == 0 && !_context.Budget.CheckTime(_frames.Count > 0 ? _frames[^1].Entity.Path : ""))
            {
                sink?.Finish();
                return (null, null);
            }

            var run = _reader.ReadBodyRun(atLineStart);
            if (!run.IsEmpty)
            {
                sink?.Write(run, endsWithLineBreak: true);
                readOn?.Write(run, endsWithLineBreak: true);
                atLineStart = true;
                continue;
            }

            if (!_reader.ReadLine(out var line, out var complete))
            {
                return (null, null);
            }

            if (atLineStart && line.Length >= 2 && line[0] == '-' && line[1] == '-')
            {
                if (_frames.Count > 0 && MatchBoundary(line) is { } hit)
                {
                    if (EnclosesAnOpenFrame(hit.Frame))
                    {
                        atLineStart = complete;
                        continue;
                    }

                    if (OpenAfterBoundary(hit.Frame, hit.Close) is { } next)
                    {
                        return next;
                    }

                    // An epilogue, or a part past the parts limit: read on as the body of nothing,
                    // in this loop. Recursing here was one level per part past the limit, and
                    // 30,000 empty parts overflowed the stack of a thread-pool thread.
                    sink = null;
                    readOn = null;
                    atLineStart = complete;
                    continue;
                }

                NoteStaleBoundary(line);
            }

            sink?.Write(line, endsWithLineBreak: complete);
            readOn?.Write(line, endsWithLineBreak: complete);
            atLineStart = complete;
        }
    }

    private (Entity? Next, string? DefaultType) SkipToBoundary() => ReadBody(null);

    /// <summary>A boundary line of <paramref name="frame"/>: closes what is inside it and opens the next part.</summary>
    private (Entity? Next, string? DefaultType) OnBoundary(MultipartFrame frame, bool close) =>
        OpenAfterBoundary(frame, close) ?? SkipToBoundary();

    /// <summary>
    /// Closes what is inside <paramref name="frame"/> and opens its next part; null when what
    /// follows is read as the body of nothing (the epilogue, or a part past the parts limit).
    /// </summary>
    private (Entity? Next, string? DefaultType)? OpenAfterBoundary(MultipartFrame frame, bool close)
    {
        var index = _frames.IndexOf(frame);
        for (var i = index + 1; i < _frames.Count; i++)
        {
            // Of the message as it was sent, not of a part read again with a guessed boundary.
            if (!_frames[i].Closed && !_frames[i].Entity.Path.Contains('#'))
            {
                _context.NestedMultipartClosedByOuterBoundary = true;
            }
        }

        FinishFrames(index + 1);
        DropPreamble(frame);
        if (close)
        {
            frame.Closed = true;
            if (frame.Parts == 0)
            {
                _context.Report(AnomalyCodes.NoBoundaryFound, frame.Entity.Path, "multipart closed without any part");
            }

            // The epilogue is read as body of nothing, up to the next outer boundary.
            return null;
        }

        frame.Parts++;
        var path = ChildPath(frame.Entity, frame.Parts);
        if (!_context.Budget.TryAddPart(path))
        {
            return null;
        }

        var child = frame.Entity.AddChild(path, EntitySource.MimePart);
        var defaultType = frame.Entity.DeclaredType == "multipart/digest" ? "message/rfc822" : "text/plain";
        return (child, defaultType);
    }

    /// <summary>
    /// A boundary of a multipart that has already ended, seen again in a body: another client may
    /// still honour it and read different parts, so the message has no single reading.
    /// </summary>
    private void NoteStaleBoundary(ReadOnlySpan<byte> line)
    {
        // A repeated close delimiter opens nothing and is harmless; a stale opening one is not.
        foreach (var boundary in ClosedBoundaries())
        {
            if (line[2..].StartsWith(boundary) && line[(2 + boundary.Length)..].TrimEnd(" \t\r\n"u8).IsEmpty)
            {
                var path = _frames.Count > 0 ? _frames[^1].Entity.Path : "";
                _context.Report(AnomalyCodes.BoundaryAfterClose, path, "a boundary line of a multipart that already ended", AnomalySeverity.Format);
                return;
            }
        }
    }

    private IEnumerable<byte[]> ClosedBoundaries()
    {
        foreach (var frame in _frames)
        {
            if (frame.Closed)
            {
                yield return frame.Boundary;
            }
        }

        foreach (var boundary in _finishedBoundaries)
        {
            yield return boundary;
        }
    }

    /// <summary>In the innermost-only reading: <paramref name="frame"/> holds a multipart that is still open.</summary>
    private bool EnclosesAnOpenFrame(MultipartFrame frame)
    {
        if (!_innermostOnly)
        {
            return false;
        }

        for (var i = _frames.Count - 1; i >= 0 && _frames[i] != frame; i--)
        {
            if (!_frames[i].Closed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Matches a line against the open boundaries, innermost first.</summary>
    private (MultipartFrame Frame, bool Close)? MatchBoundary(ReadOnlySpan<byte> line)
    {
        if (line.Length < 3 || line[0] != '-' || line[1] != '-')
        {
            return null;
        }

        var rest = line[2..];
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            var frame = _frames[i];
            if (frame.Closed || !rest.StartsWith(frame.Boundary))
            {
                continue;
            }

            var after = rest[frame.Boundary.Length..];
            var close = after.StartsWith("--"u8);
            if (close)
            {
                after = after[2..];
            }

            // Only transport padding may follow a boundary (RFC 2046 5.1.1).
            if (after.TrimEnd(" \t\r\n"u8).IsEmpty)
            {
                return (frame, close);
            }
        }

        return null;
    }

    /// <summary>Ends every frame from <paramref name="from"/> inward, noting the missing close delimiters.</summary>
    private void FinishFrames(int from)
    {
        for (var i = _frames.Count - 1; i >= from; i--)
        {
            var frame = _frames[i];
            if (!frame.Closed)
            {
                _context.Report(AnomalyCodes.MissingClosingBoundary, frame.Entity.Path, "multipart ends without its close delimiter");
            }

            if (frame.Parts == 0 && frame.Preamble is not null && HasContent(frame.PreambleEntity!))
            {
                // No boundary ever matched: what was read as preamble is the content.
                _context.Report(AnomalyCodes.NoBoundaryFound, frame.Entity.Path, "boundary never found: the body is read as one part", AnomalySeverity.Format);
                frame.Preamble.Finish();
                frame.Preamble.Dispose();
                frame.Preamble = null;
                AdoptPreamble(frame);
            }
            else
            {
                DropPreamble(frame);
            }

            if (_finishedBoundaries.Count < 64)
            {
                _finishedBoundaries.Add(frame.Boundary);
            }

            _frames.RemoveAt(i);
        }
    }

    /// <summary>True when the preamble holds more than white space (an empty multipart is merely odd).</summary>
    private static bool HasContent(Entity preamble)
    {
        var content = preamble.Content;
        if (content is null || content.Length == 0)
        {
            return false;
        }

        return content.Length > ContentSpool.HeadSize || !content.Head.Trim(" \t\r\n"u8).IsEmpty;
    }

    private static void AdoptPreamble(MultipartFrame frame)
    {
        var preamble = frame.PreambleEntity!;
        var child = frame.Entity.AddChild(preamble.Path, EntitySource.MimePart);
        child.DeclaredType = "text/plain";
        child.IsUnsplitMultipartBody = true;
        child.Content = preamble.Content;
        preamble.Content = null;
        frame.PreambleEntity = null;
    }

    private static void DropPreamble(MultipartFrame frame)
    {
        if (frame.Preamble is null)
        {
            return;
        }

        frame.Preamble.Dispose();
        frame.Preamble = null;
        frame.PreambleEntity?.Content?.Dispose();
        frame.PreambleEntity = null;
    }

    private void CheckBoundaryReuse(MultipartFrame frame)
    {
        foreach (var open in _frames)
        {
            if (!open.Closed && (open.Boundary.AsSpan().StartsWith(frame.Boundary) || frame.Boundary.AsSpan().StartsWith(open.Boundary)))
            {
                _context.Report(AnomalyCodes.DuplicateBoundary, frame.Entity.Path, "boundary equal to or a prefix of an enclosing one", AnomalySeverity.Format);
            }
        }
    }

    private static string ChildPath(Entity parent, int index) =>
        parent.Path.Length == 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{parent.Path}.{index}";

    /// <summary>An empty line ends a header block; a last line without terminator is not one.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Length > 0 && line.TrimEnd("\r\n"u8).IsEmpty;

    private static bool IsIdentity(string cte) => cte is "7bit" or "8bit" or "binary";
}
