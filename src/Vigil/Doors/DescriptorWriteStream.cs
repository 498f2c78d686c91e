using System.Runtime.InteropServices;

namespace Vigil.Doors;

/// <summary>
/// Writes to one of our inherited descriptors (fd 1 or fd 2) with plain write(2) calls, as a C
/// program would. Not Console's stream, whose set-up costs a per-message process a few ms; not a
/// FileStream either: on a regular file that one writes at its own offset (pwrite), and a log
/// file shared with other writers through the same open file (qmail-queue's own messages on the
/// same fd 2) could be overwritten. Unbuffered: each Write is on its way when it returns. As with
/// Console's streams, a reader that went away (EPIPE) makes the bytes count as written, and a
/// non-blocking descriptor that is full (EAGAIN) is waited for; any other failure (a full disk)
/// is an IOException.
/// </summary>
internal sealed unsafe class DescriptorWriteStream(int descriptor) : Stream
{
    private const int Interrupted = 4; // EINTR
    private const int TryAgain = 11; // EAGAIN (EWOULDBLOCK)
    private const int BrokenPipe = 32; // EPIPE
    private const short PollOut = 0x4; // POLLOUT

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

                    if (errno == BrokenPipe)
                    {
                        return;
                    }

                    if (errno == TryAgain)
                    {
                        WaitWritable();
                        continue;
                    }

                    throw new IOException($"write to descriptor {descriptor} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                done += (int)n;
            }
        }
    }

    private void WaitWritable()
    {
        // struct pollfd { int fd; short events; short revents; }; wait without a time limit, as
        // a blocking descriptor would.
        var poll = stackalloc int[2];
        poll[0] = descriptor;
        poll[1] = PollOut;
        _ = Poll(poll, 1, -1);
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

    [DllImport("libc", EntryPoint = "poll")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Poll(int* descriptors, nuint count, int timeout);
}
