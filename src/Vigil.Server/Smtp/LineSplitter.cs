using System.Buffers;

namespace Vigil.Server.Smtp;

/// <summary>
/// Takes CRLF-terminated lines off the front of buffered input, never looking further than the
/// limit: a client cannot make the connection buffer more than one line.
/// </summary>
public static class LineSplitter
{
    /// <summary>
    /// True with <paramref name="line"/> (without CRLF) taken off <paramref name="buffer"/>; false
    /// with <paramref name="error"/> None when more input is needed, or the reason the input is bad.
    /// </summary>
    public static bool TryTake(ref ReadOnlySequence<byte> buffer, int maxLine, out ReadOnlySequence<byte> line, out LineError error)
    {
        line = default;
        error = LineError.None;
        var window = buffer.Length > maxLine ? buffer.Slice(0, maxLine) : buffer;
        if (window.PositionOf((byte)'\n') is not { } lf)
        {
            if (buffer.Length >= maxLine)
            {
                error = LineError.TooLong;
            }

            return false;
        }

        var withoutLf = buffer.Slice(0, lf);
        if (withoutLf.Length == 0 || LastByte(withoutLf) != (byte)'\r')
        {
            error = LineError.BareLineFeed;
            return false;
        }

        line = withoutLf.Slice(0, withoutLf.Length - 1);
        buffer = buffer.Slice(buffer.GetPosition(1, lf));
        return true;
    }

    /// <summary>True when <paramref name="line"/> holds a NUL byte.</summary>
    public static bool HasNul(in ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOf((byte)0) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static byte LastByte(in ReadOnlySequence<byte> bytes) => bytes.Slice(bytes.Length - 1).FirstSpan[0];
}
