namespace Vigil.Mime.Tests.Limits;

/// <summary>
/// A read-only stream of a head, one line repeated until a length is reached, then a tail: inputs
/// of gigabytes without holding them in memory.
/// </summary>
internal sealed class RepeatingStream(byte[] head, byte[] line, long repeatedBytes, byte[] tail) : Stream
{
    private readonly long _length = head.Length + repeatedBytes + tail.Length;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count && _position < _length)
        {
            var (source, at) = Locate(_position);
            var n = (int)Math.Min(count - written, source.Length - at);
            if (source == line)
            {
                n = (int)Math.Min(n, head.Length + repeatedBytes - _position);
            }

            Array.Copy(source, at, buffer, offset + written, n);
            written += n;
            _position += n;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The array holding the byte at <paramref name="position"/> and its index there.</summary>
    private (byte[] Source, int At) Locate(long position)
    {
        if (position < head.Length)
        {
            return (head, (int)position);
        }

        position -= head.Length;
        if (position < repeatedBytes)
        {
            return (line, (int)(position % line.Length));
        }

        return (tail, (int)(position - repeatedBytes));
    }
}
