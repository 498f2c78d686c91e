using System.Runtime.InteropServices;

namespace Vigil.Doors;

/// <summary>
/// Writes to one of our inherited descriptors (fd 1 or fd 2) with plain write(2) calls, as a C
/// program would. Not Console's stream, whose set-up costs a per-message process a few ms; not a
/// FileStream either: on a regular file that one writes at its own offset (pwrite), and a log
/// file shared with other writers (qmail-queue's own messages on the same fd 2) could be
/// overwritten. Unbuffered: each Write is on its way when it returns. A failed write (the reader
/// gone, a full disk) is an IOException.
/// </summary>
internal sealed unsafe class DescriptorWriteStream(int descriptor) : Stream
{
    private const int Interrupted = 4; // EINTR

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = NativeWrite(descriptor, start + done, (nint)(buffer.Length - done));
                if (n < 0)
                {
                    var errno = Marshal.GetLastSystemError();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    throw new IOException($"write to descriptor {descriptor} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                done += (int)n;
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [DllImport("libc", EntryPoint = "write")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint NativeWrite(int fd, byte* buffer, nint count);
}
