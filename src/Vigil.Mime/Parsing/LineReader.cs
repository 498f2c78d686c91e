using System.Buffers;

namespace Vigil.Mime.Parsing;

/// <summary>
/// Reads a message as lines through one fixed pooled buffer, so memory stays bounded whatever the
/// input: a line longer than the buffer comes back in pieces (<c>complete</c> false). Body data is
/// handed out in runs of whole lines straight from the buffer, which keeps the common case (long
/// base64 bodies) to one vectorised search per run instead of one call per line.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private static ReadOnlySpan<byte> NewlineDashDash => "\n--"u8;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>
    /// The next line including its terminator, or a piece of it when it is longer than the buffer.
    /// False at the end of input.
    /// </summary>
    public bool ReadLine(out ReadOnlySpan<byte> line, out bool complete)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var nl = available.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Take(nl + 1);
                complete = true;
                return true;
            }

            if (_eof || available.Length == _buffer.Length)
            {
                if (available.IsEmpty)
                {
                    line = default;
                    complete = false;
                    return false;
                }

                // A last line without terminator is complete; a full buffer without one is a piece.
                complete = _eof;
                line = Take(available.Length);
                return true;
            }

            Fill();
        }
    }

    /// <summary>
    /// Whole lines from the buffer, none of which starts with "--" (except the first when
    /// <paramref name="atLineStart"/> is false, as it then continues a longer line). Empty when the
    /// next line starts with "--" or no whole line is buffered; the caller then uses <see cref="ReadLine"/>.
    /// </summary>
    public ReadOnlySpan<byte> ReadBodyRun(bool atLineStart)
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        if (available.IsEmpty || (atLineStart && available.Length >= 2 && available[0] == '-' && available[1] == '-'))
        {
            return default;
        }

        if (atLineStart && available.Length < 2 && !_eof)
        {
            return default;
        }

        var stop = available.IndexOf(NewlineDashDash);
        if (stop >= 0)
        {
            return Take(stop + 1);
        }

        // No boundary candidate in the buffer: hand out up to the last complete line, keeping a
        // trailing "\n-" back in case the next byte makes it a boundary start.
        var last = available.LastIndexOf((byte)'\n');
        if (last < 0)
        {
            return default;
        }

        if (last + 1 < available.Length && available[last + 1] == '-' && last + 2 == available.Length && !_eof)
        {
            last = available[..last].LastIndexOf((byte)'\n');
            if (last < 0)
            {
                return default;
            }
        }

        return Take(last + 1);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Gives back the line <see cref="ReadLine"/> has just returned, so that it is read again.</summary>
    public void Unread(int length)
    {
        _start -= length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = _buffer.AsSpan(_start, count);
        _start += count;
        return span;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            var remaining = _end - _start;
            _buffer.AsSpan(_start, remaining).CopyTo(_buffer);
            _start = 0;
            _end = remaining;
        }

        // One read: callers loop until they have a line or the buffer is full.
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _eof = true;
            return;
        }

        _end += read;
    }
}
