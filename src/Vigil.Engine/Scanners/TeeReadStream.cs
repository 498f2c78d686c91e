using Vigil.Mime.Spooling;

namespace Vigil.Engine.Scanners;

/// <summary>
/// A forward-only read wrapper that copies every byte read into a <see cref="ContentSpool"/>, so
/// the raw message is kept as the parser streams it, without a second read of the input (which
/// may be a pipe). Used only when a scanner needs the raw message.
/// </summary>
internal sealed class TeeReadStream(Stream inner, ContentSpool copy) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => copy.Length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        copy.Write(buffer[..n]);
        return n;
    }

    /// <summary>Reads what the parser left unread (it may stop early at a limit) into the copy.</summary>
    public void Drain()
    {
        Span<byte> buffer = stackalloc byte[8192];
        while (Read(buffer) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
