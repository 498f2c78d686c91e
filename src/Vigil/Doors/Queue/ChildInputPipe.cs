using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Doors.Queue;

/// <summary>
/// A pipe that feeds one of a child's input descriptors (qmail-queue's fd 0 with the message, its
/// fd 1 with the envelope). Both ends are close-on-exec: the child gets a copy of the read end as
/// its fd 0 or 1 (<see cref="SpawnedProgram"/>), and the write end exists in this process only. That is what makes
/// the hand-off crash safe: the envelope is written only after the whole message went to fd 0, and
/// if this process dies at any point before that, the kernel closes the write ends and qmail-queue
/// reads end-of-file before a complete envelope, so it refuses the message instead of queueing a
/// truncated one (qmail-smtpd keeps the same order for the same reason). .NET has no anonymous
/// pipe without its own stream machinery, hence libc's pipe2(2) (Linux only; elsewhere the door
/// defers). Writes are plain blocking write(2) calls through a FileStream: no socket engine, no
/// extra threads.
/// </summary>
internal sealed class ChildInputPipe : IDisposable
{
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux

    private SafeFileHandle? _readEnd;
    private SafeFileHandle? _writeEnd;

    private ChildInputPipe(SafeFileHandle readEnd, SafeFileHandle writeEnd)
    {
        _readEnd = readEnd;
        _writeEnd = writeEnd;
    }

    /// <summary>The read end's descriptor number, for the child to copy; valid until <see cref="CloseReadEnd"/>.</summary>
    public int ReadDescriptor => (int)(_readEnd?.DangerousGetHandle() ?? -1);

    /// <summary>A new pipe, or null where there is no pipe2 (not Linux) or it failed.</summary>
    public static unsafe ChildInputPipe? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var fds = stackalloc int[2];
            if (Pipe2(fds, CloseOnExec) != 0)
            {
                return null;
            }

            return new ChildInputPipe(new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
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
    /// The write end as a stream that closes it when disposed (the child then reads end-of-file).
    /// An IOException while writing means the child is gone; its exit code says why.
    /// </summary>
    public FileStream OpenWriter()
    {
        var handle = _writeEnd ?? throw new InvalidOperationException("the pipe was written already");
        _writeEnd = null;
        return new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    /// <summary>Closes both ends; what was not written stays unwritten (an envelope cut short makes qmail-queue refuse).</summary>
    public void Dispose()
    {
        _readEnd?.Dispose();
        _readEnd = null;
        _writeEnd?.Dispose();
        _writeEnd = null;
    }

    [DllImport("libc", EntryPoint = "pipe2")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern unsafe int Pipe2(int* fds, int flags);
}
