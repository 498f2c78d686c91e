namespace Vigil.Mime.Spooling;

/// <summary>
/// A read-only view of <c>length</c> bytes of another stream from <c>start</c>, clipped to what
/// the stream really holds, so a declared size (an archive member's, an mbox message's) can never
/// read past its container.
/// </summary>
public sealed class WindowStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _ownsInner;
    private readonly long _start;
    private readonly long _length;
    private long _position;

    /// <param name="ownsInner">Dispose <paramref name="inner"/> with this window.</param>
    public WindowStream(Stream inner, long start, long length, bool ownsInner = false)
    {
        _inner = inner;
        _ownsInner = ownsInner;
        _start = Math.Clamp(start, 0, inner.Length);
        _length = Math.Clamp(length, 0, inner.Length - _start);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var left = _length - _position;
        if (left <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        if (buffer.Length > left)
        {
            buffer = buffer[..(int)left];
        }

        // Several windows may share the inner stream, so position it on every read.
        _inner.Position = _start + _position;
        var n = _inner.Read(buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsInner)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
