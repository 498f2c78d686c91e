using System.Runtime.InteropServices;

namespace Vigil.Engine.Scanners.Command;

/// <summary>
/// Kills a whole process group. .NET can neither start a process in a group of its own nor signal
/// a group, so <see cref="ProcessRunner"/> starts programs through util-linux `setsid` (which makes
/// the program leader of a new session and group, with group id = its pid) and this sends SIGKILL
/// to the group with libc's kill(2) on a negative pid: a scanner's children (a shell script's
/// `sleep`, a forked worker) die with it, which Process.Kill cannot promise for processes that were
/// reparented already.
/// </summary>
internal static class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>Sends SIGKILL to every process in group <paramref name="groupId"/>; false when none was there.</summary>
    public static bool Kill(int groupId)
    {
        // kill(0) and kill(-1) would hit our own group or every process we may signal: never.
        if (groupId <= 1 || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return false;
        }

        try
        {
            return NativeKill(-groupId, SigKill) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NativeKill(int pid, int signal);
}
