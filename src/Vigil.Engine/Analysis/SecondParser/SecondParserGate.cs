using MimeKit;
using Vigil.Mime.Limits;

namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// MimeKit's reading of the message, driven as a stream of callbacks (its <see cref="MimeReader"/>)
/// before its parser builds a tree: the tree holds every entity and header at once, so a mail of
/// 100,000 parts, 50 MB of headers or deep nesting cost memory and time without bound there. The
/// gate counts what MimeKit reads against Vigil's <see cref="AnalysisLimits"/> (entities against
/// <c>maxparts</c>, nesting against <c>maxmimedepth</c>, each header block against
/// <c>maxheaderbytes</c>, while it is read, through <see cref="HeaderBoundedStream"/>) and stops
/// at the first it reaches; only a reading that stayed within all of them is parsed into a tree
/// and compared. Nothing is kept: the callbacks only count.
/// </summary>
internal sealed class SecondParserGate : MimeReader
{
    private readonly HeaderBoundedStream _stream;
    private readonly AnalysisLimits _limits;
    private long _headerBytes;
    private int _depth;

    private SecondParserGate(ParserOptions options, HeaderBoundedStream stream, AnalysisLimits limits)
        : base(options, stream)
    {
        _stream = stream;
        _limits = limits;
    }

    /// <summary>Entities (parts, multiparts, message parts) MimeKit began.</summary>
    public int Entities { get; private set; }

    /// <summary>
    /// Reads <paramref name="input"/> from where it stands to its end; null when MimeKit's
    /// reading stayed within the limits, else the first limit it reached. <paramref name="entities"/>
    /// is how many entities it read.
    /// </summary>
    public static string? Check(Stream input, AnalysisLimits limits, out int entities, CancellationToken cancellation)
    {
        // One level more than Vigil allows, so that nesting past the limit is counted here rather
        // than flattened by MimeKit's own cap, and the tree parse can keep Vigil's.
        var options = new ParserOptions { MaxMimeDepth = limits.MaxMimeDepth + 1 };
        var gate = new SecondParserGate(options, new HeaderBoundedStream(input, limits.MaxHeaderBytes), limits);
        try
        {
            gate.ReadMessage(cancellation);
            return null;
        }
        catch (SecondParserLimitReached limit)
        {
            return limit.Message;
        }
        finally
        {
            entities = gate.Entities;
        }
    }

    protected override void OnHeadersBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
    {
        _headerBytes = 0;
        _stream.HeadersBegan();
    }

    protected override void OnHeaderRead(Header header, int beginLineNumber, CancellationToken cancellationToken)
    {
        _headerBytes += header.RawField.Length + 1 + header.RawValue.Length;
        if (_headerBytes > _limits.MaxHeaderBytes)
        {
            throw new SecondParserLimitReached($"header block longer than {_limits.MaxHeaderBytes} bytes");
        }
    }

    protected override void OnHeadersEnd(long beginOffset, int beginLineNumber, long headersEndOffset, int lines, CancellationToken cancellationToken) =>
        _stream.HeadersEnded();

    protected override void OnMimePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) => Begin();

    protected override void OnMimePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) => _depth--;

    protected override void OnMultipartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) => Begin();

    protected override void OnMultipartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) => _depth--;

    protected override void OnMessagePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken) => Begin();

    protected override void OnMessagePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) => _depth--;

    private void Begin()
    {
        if (++Entities > _limits.MaxParts)
        {
            throw new SecondParserLimitReached($"more than {_limits.MaxParts} parts");
        }

        // A leaf counts as a level, as the container around it does: the top-level body is 1.
        if (++_depth > _limits.MaxMimeDepth + 1)
        {
            throw new SecondParserLimitReached($"MIME nesting deeper than {_limits.MaxMimeDepth}");
        }
    }
}
