using System.Buffers;

namespace Vigil.Mime.Spooling;

/// <summary>
/// Decoded content of one entity, written once and read any number of times. Small content stays
/// in a pooled buffer; past the threshold it spills to a generated file in the analysis'
/// <see cref="ScratchDirectory"/>, so a 500 MB attachment costs disk, not memory. The first
/// <see cref="HeadSize"/> bytes are always kept in memory for type detection.
/// </summary>
public sealed class ContentSpool : IDisposable
{
    public const int HeadSize = 8192;

    private const int MinimumBuffer = 256;
    private const int SmallFirstBuffer = 32;

    private readonly ScratchDirectory _scratch;
    private readonly int _threshold;
    private byte[] _buffer;
    // The first buffer of a small content is its own array, not the pool's: a message of 10,000
    // one-line parts keeps 10,000 buffers out at once, which the pool cannot cover, so each Rent
    // allocated 256 bytes for 8 of content. Bigger contents rent, and give back, as before.
    private bool _pooled;
    private int _bufferLength;
    private byte[]? _head;
    private FileStream? _file;
    private long _length;
    private bool _disposed;

    public ContentSpool(ScratchDirectory scratch, int memoryThreshold)
    {
        _scratch = scratch;
        _threshold = memoryThreshold;

        // Made at the first write (see _pooled) and grown by doubling: a 4 KB buffer up front
        // for every part kept 40 MB alive for a message of 10,000 one-line parts, and the GC
        // copying it cost more than the parse (0.8 MB at 6 MB/s).
        _buffer = [];
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => _length;

    /// <summary>True when the content lives in a temp file.</summary>
    public bool IsOnDisk => _file is not null;

    /// <summary>The first bytes of the content (up to <see cref="HeadSize"/>).</summary>
    public ReadOnlySpan<byte> Head => _file is null
        ? _buffer.AsSpan(0, Math.Min(_bufferLength, HeadSize))
        : _head.AsSpan(0, (int)Math.Min(_length, HeadSize));

    /// <summary>The whole content when it is still in memory; empty otherwise.</summary>
    public bool TryGetMemory(out ReadOnlyMemory<byte> memory)
    {
        if (_file is null)
        {
            memory = _buffer.AsMemory(0, _bufferLength);
            return true;
        }

        memory = default;
        return false;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.IsEmpty)
        {
            return;
        }

        if (_file is null && _bufferLength + data.Length > _threshold)
        {
            OnDisk(SpillToDisk);
        }

        if (_file is null)
        {
            EnsureCapacity(_bufferLength + data.Length);
            data.CopyTo(_buffer.AsSpan(_bufferLength));
            _bufferLength += data.Length;
        }
        else
        {
            if (_length < HeadSize)
            {
                var take = (int)Math.Min(HeadSize - _length, data.Length);
                data[..take].CopyTo(_head.AsSpan((int)_length));
            }

            try
            {
                RandomAccess.Write(_file.SafeFileHandle, data, _length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SpoolWriteException("cannot write the temp file: " + e.Message, e);
            }
        }

        _length += data.Length;
    }

    /// <summary>Appends everything <paramref name="input"/> has left, to its end.</summary>
    public void WriteFrom(Stream input)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                Write(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A new independent read-only stream over the content.</summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _file is null
            ? new MemoryStream(_buffer, 0, _bufferLength, writable: false)
            : new SpoolFileReadStream(_file, _length);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _file?.Dispose();
        ReturnBuffer();
        _buffer = [];
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (_buffer.Length == 0 && needed <= SmallFirstBuffer)
        {
            _buffer = new byte[SmallFirstBuffer];
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(_buffer.Length * 2, MinimumBuffer)));
        _buffer.AsSpan(0, _bufferLength).CopyTo(bigger);
        ReturnBuffer();
        _buffer = bigger;
        _pooled = true;
    }

    private void ReturnBuffer()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _pooled = false;
        }
    }

    private static void OnDisk(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpoolWriteException("cannot spill to a temp file: " + e.Message, e);
        }
    }

    private void SpillToDisk()
    {
        _file = _scratch.CreateFile();
        _head = new byte[HeadSize];
        var headLength = Math.Min(_bufferLength, HeadSize);
        _buffer.AsSpan(0, headLength).CopyTo(_head);
        RandomAccess.Write(_file.SafeFileHandle, _buffer.AsSpan(0, _bufferLength), 0);
        ReturnBuffer();
        _buffer = [];
        _bufferLength = 0;
    }
}
