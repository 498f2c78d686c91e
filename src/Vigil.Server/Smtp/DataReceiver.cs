using System.Buffers;

namespace Vigil.Server.Smtp;

/// <summary>
/// The DATA phase of one transaction, without I/O: CRLF lines in (already split), the message out
/// into <paramref name="sink"/> with dot-stuffing removed and LF line ends (the form qmail's doors
/// hand the engine), the size (with CRLF line ends, as SIZE and BDAT count it) counted as it streams; past the limit (of the whole message, or of
/// its header block) nothing more is kept and the rest is read to the dot and discarded. BDAT
/// chunks (RFC 3030) come as raw octets instead: CRLF becomes LF (a CR split from its LF by a chunk
/// boundary too), the size is the octets of every chunk together.
/// </summary>
public sealed class DataReceiver(long maxSize, int maxHeaderBytes, Action<ReadOnlySpan<byte>> sink)
{
    private bool _inHeader = true;
    private long _headerSize;

    private static readonly byte[] LineFeed = [(byte)'\n'];
    private bool _pendingCr;
    private bool _lineStart = true;

    public long Size { get; private set; }

    /// <summary>True once the message went over the size limit (the rest is read and discarded).</summary>
    public bool Oversize { get; private set; }

    /// <summary>True once the header block went over its limit (the rest is read and discarded).</summary>
    public bool HeaderTooLarge { get; private set; }

    /// <summary>Takes one line (without CRLF); true when it was the lone dot that ends the data.</summary>
    public bool Take(in ReadOnlySequence<byte> line)
    {
        var content = line;
        if (!content.IsEmpty && content.FirstSpan[0] == (byte)'.')
        {
            if (content.Length == 1)
            {
                return true;
            }

            content = content.Slice(1);
        }

        // RFC 1870: the size is of the message with CRLF line ends, without the stuffing dots, so a
        // message is as big over DATA as over BDAT (whose octets are counted as they come).
        Size += content.Length + 2;
        if (Size > maxSize)
        {
            Oversize = true;
        }

        if (_inHeader)
        {
            _inHeader = !content.IsEmpty;
            _headerSize += content.Length + 1;
            HeaderTooLarge |= _headerSize > maxHeaderBytes;
        }

        if (Oversize || HeaderTooLarge)
        {
            return false;
        }

        foreach (var segment in content)
        {
            sink(segment.Span);
        }

        sink(LineFeed);
        return false;
    }

    /// <summary>Takes octets of a BDAT chunk (any part of one; the chunk's bytes in order).</summary>
    public void TakeChunk(in ReadOnlySequence<byte> bytes)
    {
        Size += bytes.Length;
        Oversize |= Size > maxSize;
        foreach (var segment in bytes)
        {
            var output = System.Buffers.ArrayPool<byte>.Shared.Rent(segment.Length + 1);
            try
            {
                var o = 0;
                foreach (var b in segment.Span)
                {
                    if (_pendingCr)
                    {
                        _pendingCr = false;
                        if (b != '\n')
                        {
                            o = Put(output, o, (byte)'\r');
                        }
                    }

                    if (b == '\r')
                    {
                        _pendingCr = true;
                        continue;
                    }

                    o = Put(output, o, b);
                }

                if (!Oversize && !HeaderTooLarge && o > 0)
                {
                    sink(output.AsSpan(0, o));
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(output);
            }
        }
    }

    /// <summary>After BDAT LAST: a CR the last chunk ended with is kept.</summary>
    public void EndChunks()
    {
        if (_pendingCr && !Oversize && !HeaderTooLarge)
        {
            sink([(byte)'\r']);
        }

        _pendingCr = false;
    }

    private int Put(byte[] output, int o, byte b)
    {
        if (_inHeader)
        {
            _headerSize++;
            if (b == '\n')
            {
                // An empty line ends the header block.
                _inHeader = !_lineStart;
                _lineStart = true;
            }
            else
            {
                _lineStart = false;
            }

            HeaderTooLarge |= _headerSize > maxHeaderBytes;
        }

        output[o] = b;
        return o + 1;
    }
}
