using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Doors;

/// <summary>
/// The pipe that carries the envelope to qmail-queue's fd 1. Its read end is the only descriptor
/// of ours a child inherits (close-on-exec cleared on it alone); the write end stays close-on-exec,
/// so it exists in this process only. That is what makes the hand-off crash safe: the envelope is
/// written only after the whole message went to fd 0, and if this process dies at any point before
/// that, the kernel closes the write end and qmail-queue reads end-of-file before a complete
/// envelope, so it refuses the message instead of queueing a truncated one (qmail-smtpd keeps the
/// same order for the same reason). .NET can neither create a pipe with one inheritable end nor
/// map a descriptor to a child's fd 1, hence libc's pipe2(2) and fcntl(2); the child's shell does
/// the mapping by opening /proc/self/fd/N (Linux only; elsewhere the door defers).
/// </summary>
internal sealed class EnvelopePipe : IDisposable
{
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux
    private const int SetDescriptorFlags = 2; // F_SETFD

    private SafeFileHandle? _readEnd;
    private SafeFileHandle? _writeEnd;

    private EnvelopePipe(SafeFileHandle readEnd, SafeFileHandle writeEnd)
    {
        _readEnd = readEnd;
        _writeEnd = writeEnd;
    }

    /// <summary>The read end's descriptor number, for the child's /proc/self/fd/N; valid until <see cref="CloseReadEnd"/>.</summary>
    public int ReadDescriptor => (int)(_readEnd?.DangerousGetHandle() ?? -1);

    /// <summary>A new pipe, or null where there is no pipe2 (not Linux) or it failed.</summary>
    public static EnvelopePipe? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var fds = new int[2];
            if (Pipe2(fds, CloseOnExec) != 0)
            {
                return null;
            }

            var read = new SafeFileHandle(fds[0], ownsHandle: true);
            var write = new SafeFileHandle(fds[1], ownsHandle: true);
            if (Fcntl(fds[0], SetDescriptorFlags, 0) != 0)
            {
                read.Dispose();
                write.Dispose();
                return null;
            }

            return new EnvelopePipe(read, write);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Closes our copy of the read end once the child has its own (after it started).</summary>
    public void CloseReadEnd()
    {
        _readEnd?.Dispose();
        _readEnd = null;
    }

    /// <summary>
    /// Writes the whole envelope and closes the write end. Call only after the whole message was
    /// written and fd 0 closed. An IOException means qmail-queue is gone; its exit code says why.
    /// </summary>
    public async Task WriteAndCloseAsync(byte[] envelope, CancellationToken cancellationToken)
    {
        var handle = _writeEnd ?? throw new InvalidOperationException("the envelope was written already");
        _writeEnd = null;
        await using var stream = new FileStream(handle, FileAccess.Write, 1);
        await stream.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes both ends; an unwritten envelope stays unwritten, so qmail-queue refuses.</summary>
    public void Dispose()
    {
        _readEnd?.Dispose();
        _readEnd = null;
        _writeEnd?.Dispose();
        _writeEnd = null;
    }

    [DllImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Pipe2([Out] int[] fds, int flags);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(int fd, int command, int argument);
}
