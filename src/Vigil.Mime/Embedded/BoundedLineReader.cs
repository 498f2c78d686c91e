using System.Buffers;

namespace Vigil.Mime.Embedded;

/// <summary>
/// Reads a stream as lines (LF or CRLF, terminator removed) without ever holding more than
/// <see cref="MaxLineLength"/> bytes of one line: a longer line is returned cut at that length,
/// marked as chopped, and the rest of it is skipped. No encoding this reader serves has lines
/// anywhere near that long, so a chopped line is itself a sign of abuse.
/// </summary>
internal sealed class BoundedLineReader : IDisposable
{
    public const int MaxLineLength = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skippingRest;

    public BoundedLineReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(2 * MaxLineLength);
    }

    /// <summary>The next line; false at the end of the stream. The span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool chopped)
    {
        while (true)
        {
            var window = _buffer.AsSpan(_start, _end - _start);
            var lf = window.IndexOf((byte)'\n');
            if (_skippingRest)
            {
                if (lf < 0)
                {
                    _start = _end;
                    if (!Fill())
                    {
                        break;
                    }

                    continue;
                }

                _start += lf + 1;
                _skippingRest = false;
                continue;
            }

            if (lf >= 0)
            {
                line = TrimCr(window[..lf]);
                chopped = false;
                _start += lf + 1;
                return true;
            }

            if (window.Length >= MaxLineLength)
            {
                line = window[..MaxLineLength];
                chopped = true;
                _start += MaxLineLength;
                _skippingRest = true;
                return true;
            }

            if (!Fill())
            {
                if (_end > _start)
                {
                    line = TrimCr(_buffer.AsSpan(_start, _end - _start));
                    chopped = false;
                    _start = _end;
                    return true;
                }

                break;
            }
        }

        line = default;
        chopped = false;
        return false;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Moves the unread bytes to the front and reads more; false at the end of the stream.</summary>
    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = _stream.Read(_buffer.AsSpan(_end));
        if (read <= 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
