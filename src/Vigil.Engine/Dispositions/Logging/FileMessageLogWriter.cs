using Microsoft.Win32.SafeHandles;
using Vigil.Engine.Platform;
using Vigil.Mime.Headers;

namespace Vigil.Engine.Dispositions.Logging;

/// <summary>
/// Appends lines to a log file, each line in one write(2) call. Several `vigil queue` processes
/// write the same file at once, so on Linux the file is opened with O_APPEND (which .NET's
/// FileMode.Append does not set): the kernel then places every write at the current end, and
/// lines never overwrite or interleave each other. Elsewhere it falls back to FileMode.Append.
/// </summary>
public sealed class FileMessageLogWriter : IMessageLogWriter, IDisposable
{
    private const int Mode0640 = 0x1A0;

    private readonly Lock _lock = new();
    private SafeFileHandle? _handle;
    private FileStream? _fallback;

    public FileMessageLogWriter(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public bool Write(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            try
            {
                if (OperatingSystem.IsLinux())
                {
                    _handle ??= OpenAppend(Path);
                    if (_handle is null)
                    {
                        return false;
                    }

                    // With O_APPEND Linux's pwrite ignores the offset and appends.
                    RandomAccess.Write(_handle, bytes, 0);
                    return true;
                }

                _fallback ??= new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                _fallback.Seek(0, SeekOrigin.End);
                _fallback.Write(bytes);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Reopen next time: the file may have been rotated away or the disk freed.
                Close();
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            Close();
        }
    }

    private void Close()
    {
        _handle?.Dispose();
        _handle = null;
        _fallback?.Dispose();
        _fallback = null;
    }

    private static SafeFileHandle? OpenAppend(string path)
    {
        try
        {
            var fd = PosixFile.Open(path, PosixFile.WriteOnly | PosixFile.Create | PosixFile.Append | PosixFile.CloseOnExec, Mode0640);
            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

}
