using System.Runtime.InteropServices;

namespace Vigil.Tests.Doors;

/// <summary>
/// libc's kill(2) for the crash test: SIGKILL to a whole process group (vigil and the qmail-queue
/// it started), and signal 0 to learn whether any process of a group is still alive (an orphaned
/// qmail-queue may still be finishing after vigil alone was killed).
/// </summary>
internal static class CrashProcessGroup
{
    private const int SigKill = 9;

    /// <summary>SIGKILL to every process in the group; false when none was there.</summary>
    public static bool Kill(int groupId) => groupId > 1 && NativeKill(-groupId, SigKill) == 0;

    /// <summary>True while any process of the group lives (zombies count until reaped).</summary>
    public static bool Exists(int groupId) => groupId > 1 && NativeKill(-groupId, 0) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeKill(int pid, int signal);
}
