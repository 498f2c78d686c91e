using System.Buffers;

namespace Vigil.Server.Smtp;

/// <summary>
/// The DATA phase of one transaction, without I/O: CRLF lines in (already split), the message out
/// into <paramref name="sink"/> with dot-stuffing removed and LF line ends (the form qmail's doors
/// hand the engine), the size counted as it streams; past the limit (of the whole message, or of
/// its header block) nothing more is kept and the rest is read to the dot and discarded.
/// </summary>
public sealed class DataReceiver(long maxSize, int maxHeaderBytes, Action<ReadOnlySpan<byte>> sink)
{
    private bool _inHeader = true;
    private long _headerSize;

    private static readonly byte[] LineFeed = [(byte)'\n'];

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

        Size += content.Length + 1;
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
}
