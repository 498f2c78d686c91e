namespace Vigil.Engine.Analysis.SecondParser;

/// <summary>
/// The spooled message as <see cref="SecondParserGate"/> reads it: a read-only view that stops
/// the reading when one header block grows past the header byte limit. MimeKit hands a header
/// field to its callback only once the whole field is read, so a single folded field of 50 MB
/// would be in its memory before any callback could count it; counted here, as it is read, the
/// most MimeKit holds of one header block is the limit and one read-ahead.
/// </summary>
internal sealed class HeaderBoundedStream(Stream inner, long maxHeaderBytes) : Stream
{
    // MimeReader reads ahead of where it parses (4 KB blocks): the mark taken at the start of a
    // header block may lie up to that far past it, and a read may run that far beyond it.
    private const long ReadAheadSlack = 64 * 1024;

    private long _read;
    private long? _headerMark;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>A header block begins: from here it may take <c>maxHeaderBytes</c>.</summary>
    public void HeadersBegan() => _headerMark = _read;

    /// <summary>The header block ended.</summary>
    public void HeadersEnded() => _headerMark = null;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headerMark is { } mark && _read - mark > maxHeaderBytes + ReadAheadSlack)
        {
            throw new SecondParserLimitReached($"header block longer than {maxHeaderBytes} bytes");
        }

        var n = inner.Read(buffer);
        _read += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
