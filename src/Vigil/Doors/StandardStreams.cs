using Microsoft.Win32.SafeHandles;

namespace Vigil.Doors;

/// <summary>The qmail-queue protocol's descriptors: fd 0 (message) and fd 1 (envelope, read, not written).</summary>
public static class StandardStreams
{
    /// <summary>
    /// fd 0 as a plain unbuffered stream; the handle is not ours, so it is not closed. Not
    /// Console's stream: that one sets up the terminal machinery a door never needs, a few ms of
    /// a per-message process.
    /// </summary>
    public static Stream Message() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);

    /// <summary>fd 2 as a plain unbuffered stream for the door's log line (not closed; not Console's, as for fd 0).</summary>
    public static Stream Error() => new FileStream(new SafeFileHandle(2, ownsHandle: false), FileAccess.Write, 1);

    /// <summary>fd 1 opened for reading; the handle is not ours, so it is not closed.</summary>
    public static Stream Envelope() => new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Read, 1);

    /// <summary>Reads a stream to its end into memory, at most <paramref name="max"/> bytes; null when longer.</summary>
    public static byte[]? ReadAll(Stream stream, int max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var n = stream.Read(chunk);
            if (n == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + n > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }
    }
}
