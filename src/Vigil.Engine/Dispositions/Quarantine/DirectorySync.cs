using System.Runtime.InteropServices;
using Vigil.Engine.Platform;

namespace Vigil.Engine.Dispositions.Quarantine;

/// <summary>
/// fsync(2) of a directory, so a rename into new/ survives a power cut (the BCL cannot open a
/// directory as a file). Best effort: where libc is not there (Windows) it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    public static void Sync(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            var fd = PosixFile.Open(directory, PosixFile.ReadOnly | PosixFile.CloseOnExec);
            if (fd < 0)
            {
                return;
            }

            _ = FSync(fd);
            _ = Close(fd);
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
