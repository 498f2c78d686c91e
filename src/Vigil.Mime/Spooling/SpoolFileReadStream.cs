namespace Vigil.Mime.Spooling;

/// <summary>
/// A read-only view with its own position over a spool file, so several readers (type detection,
/// an archive reader, a scanner) can read the same content without sharing a file position.
/// </summary>
internal sealed class SpoolFileReadStream(FileStream file, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var available = length - _position;
        if (available <= 0)
        {
            return 0;
        }

        if (buffer.Length > available)
        {
            buffer = buffer[..(int)available];
        }

        var read = RandomAccess.Read(file.SafeFileHandle, buffer, _position);
        _position += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
