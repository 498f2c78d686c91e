using Microsoft.Win32.SafeHandles;

namespace Vigil.Doors;

/// <summary>
/// The doors' standard descriptors without Console: fd 0 (the message), fd 1 (the envelope under
/// the qmail-queue protocol, read and never written; output for `vigil scan`), fd 2 (log lines).
/// </summary>
public static class StandardStreams
{
    /// <summary>
    /// fd 0 as a plain unbuffered stream; the handle is not ours, so it is not closed. Not
    /// Console's stream: that one sets up the terminal machinery a door never needs, a few ms of
    /// a per-message process.
    /// </summary>
    public static Stream Message() => Reader(0);

    /// <summary>fd 1 for output, written with plain write(2) calls (<see cref="DescriptorWriteStream"/>).</summary>
    public static Stream Output() => new DescriptorWriteStream(1);

    /// <summary>fd 2 for the doors' log lines and warnings, written with plain write(2) calls.</summary>
    public static Stream Error() => new DescriptorWriteStream(2);

    /// <summary>fd 1 opened for reading; the handle is not ours, so it is not closed.</summary>
    public static Stream Envelope() => Reader(1);

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

    /// <summary>An inherited descriptor for reading, unbuffered; the handle is not ours, so it is not closed.</summary>
    private static FileStream Reader(int descriptor) => new(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Read, 1);
}
