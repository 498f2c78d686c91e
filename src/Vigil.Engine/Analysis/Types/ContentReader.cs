using System.Buffers.Binary;

namespace Vigil.Engine.Analysis.Types;

/// <summary>
/// Random access to a content for the probes: reads inside the head come from memory; reads past
/// it open the whole content once (when the caller gave a way to) and seek. Any I/O failure just
/// means "not there": probes treat a short read like a truncated file.
/// </summary>
internal ref struct ContentReader
{
    private readonly Func<Stream>? _openContent;
    private Stream? _stream;
    private bool _streamFailed;

    public ContentReader(ReadOnlySpan<byte> head, long length, Func<Stream>? openContent)
    {
        Head = head;
        Length = Math.Max(length, head.Length);
        _openContent = openContent;
    }

    /// <summary>The first bytes of the content, always in memory.</summary>
    public ReadOnlySpan<byte> Head { get; }

    /// <summary>Total length of the content (never less than the head).</summary>
    public long Length { get; }

    /// <summary>True when the whole content is in <see cref="Head"/>.</summary>
    public readonly bool HeadIsWhole => Head.Length >= Length;

    /// <summary>True when <paramref name="magic"/> is in the head at <paramref name="offset"/>.</summary>
    public readonly bool HasAt(int offset, ReadOnlySpan<byte> magic) =>
        offset >= 0 && offset <= Head.Length - magic.Length && Head.Slice(offset, magic.Length).SequenceEqual(magic);

    public readonly ushort U16LE(int offset) =>
        offset >= 0 && offset <= Head.Length - 2 ? BinaryPrimitives.ReadUInt16LittleEndian(Head[offset..]) : (ushort)0;

    public readonly ushort U16BE(int offset) =>
        offset >= 0 && offset <= Head.Length - 2 ? BinaryPrimitives.ReadUInt16BigEndian(Head[offset..]) : (ushort)0;

    public readonly uint U32LE(int offset) =>
        offset >= 0 && offset <= Head.Length - 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Head[offset..]) : 0;

    public readonly uint U32BE(int offset) =>
        offset >= 0 && offset <= Head.Length - 4 ? BinaryPrimitives.ReadUInt32BigEndian(Head[offset..]) : 0;

    /// <summary>
    /// Reads up to <paramref name="destination"/>.Length bytes at <paramref name="offset"/>; returns
    /// how many were read (fewer at the end of the content or when only the head is known).
    /// </summary>
    public int ReadAt(long offset, scoped Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
        {
            return 0;
        }

        if (offset + destination.Length <= Head.Length)
        {
            Head.Slice((int)offset, destination.Length).CopyTo(destination);
            return destination.Length;
        }

        var stream = OpenStream();
        if (stream is null)
        {
            if (offset >= Head.Length)
            {
                return 0;
            }

            var available = Head[(int)offset..];
            available.CopyTo(destination);
            return available.Length;
        }

        try
        {
            stream.Position = offset;
            var total = 0;
            while (total < destination.Length)
            {
                var read = stream.Read(destination[total..]);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            _streamFailed = true;
            return 0;
        }
    }

    /// <summary>True when content past the head can be read.</summary>
    public readonly bool CanReadBeyondHead => _openContent is not null && !_streamFailed;

    public readonly void Dispose() => _stream?.Dispose();

    /// <summary>
    /// The whole content as a seekable stream owned by this reader (disposed with it), for
    /// structure readers shared with the archive expander; null when only a partial head is known.
    /// </summary>
    public Stream? SharedStream()
    {
        if (_stream is null && _openContent is null && HeadIsWhole)
        {
            _stream = new MemoryStream(Head.ToArray(), writable: false);
        }

        return OpenStream();
    }

    private Stream? OpenStream()
    {
        if (_stream is not null || _streamFailed || _openContent is null)
        {
            return _streamFailed ? null : _stream;
        }

        try
        {
            var stream = _openContent();
            if (!stream.CanSeek || !stream.CanRead)
            {
                // Only seekable content is useful here; the spool always is.
                stream.Dispose();
                _streamFailed = true;
                return null;
            }

            _stream = stream;
            return stream;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            _streamFailed = true;
            return null;
        }
    }

    private static bool IsIoFailure(Exception e) =>
        e is IOException or NotSupportedException or ObjectDisposedException or UnauthorizedAccessException
            or InvalidOperationException or ArgumentException;
}
