using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Engine.Platform;

/// <summary>
/// open(2) from libc, for what the BCL cannot do (open a directory to fsync it, append with a
/// chosen mode and close-on-exec) or does slowly in a one-message process: File.OpenHandle builds
/// its SafeFileHandle by reflection the first time, a couple of ms. The path goes as UTF-8 bytes,
/// so the call needs no marshalling stub compiled at run time. Linux only.
/// </summary>
internal static unsafe class PosixFile
{
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Append = 0x400;
    public const int CloseOnExec = 0x80000;

    /// <summary>The new descriptor, or -1 when open failed or there is no libc (Windows).</summary>
    public static int Open(string path, int flags, int mode = 0)
    {
        if (OperatingSystem.IsWindows() || path.Contains('\0', StringComparison.Ordinal))
        {
            return -1;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        try
        {
            fixed (byte* p = bytes)
            {
                return NativeOpen(p, flags, mode);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>The file opened for reading (close-on-exec) as a handle that closes it, or null when it cannot be opened.</summary>
    public static SafeFileHandle? OpenRead(string path)
    {
        var fd = Open(path, ReadOnly | CloseOnExec);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    [DllImport("libc", EntryPoint = "open")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeOpen(byte* path, int flags, int mode);
}
